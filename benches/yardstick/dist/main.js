// Report "ready" once the page has been laid out and its first frame is on its way, the same
// point Adwright reports for its first screen (see ui/src/App.svelte).
requestAnimationFrame(() => {
  window.__TAURI_INTERNALS__.invoke('page_ready');
});
