// Report "ready" once the page has been laid out and its first frame is on its way, the same
// point Adwright reports for its first screen (see ui/src/App.svelte), with the same marks.
performance.mark('script');
requestAnimationFrame(() => {
  performance.mark('ready');
  const marks = {};
  const [navigation] = performance.getEntriesByType('navigation');
  if (navigation) marks.html = navigation.responseEnd;
  for (const mark of performance.getEntriesByType('mark')) marks[mark.name] = mark.startTime;
  window.__TAURI_INTERNALS__.invoke('page_ready', { marks });
});
