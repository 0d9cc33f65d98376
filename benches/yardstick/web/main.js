// Report "ready" once the page's first frame is painted, the same point Adwright reports for
// its first screen (see ui/src/App.svelte), with the same marks: the next animation frame
// renders the page, and a task queued from it runs once that frame's layout and paint are done.
performance.mark('script');
requestAnimationFrame(() =>
  setTimeout(() => {
    performance.mark('ready');
    const marks = {};
    const [navigation] = performance.getEntriesByType('navigation');
    if (navigation) marks.html = navigation.responseEnd;
    for (const mark of performance.getEntriesByType('mark')) marks[mark.name] = mark.startTime;
    window.__TAURI_INTERNALS__.invoke('page_ready', { marks });
  }),
);
