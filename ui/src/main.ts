import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { commands } from './lib/ipc';

// Start-up marks for scripts/bench (see App.svelte): the bundle is loaded and evaluated.
performance.mark('script');

// The font stack differs on Linux (app.css says why); set before the first style resolution.
if (/\bLinux\b/.test(navigator.userAgent)) document.documentElement.dataset.platform = 'linux';

// The drafts list is the first screen. Ask Rust for it first and mount once it is in (a few ms),
// so the first frame WebKit lays out and paints already holds it: mounting first cost a second
// full render, and the answer waited behind the first one. A slow answer (a migration, a busy
// disk) never keeps the window blank: after FIRST_SCREEN_WAIT_MS the shell mounts without it.
const FIRST_SCREEN_WAIT_MS = 150;
const firstDrafts = commands.draftsList('');
await Promise.race([
  firstDrafts.catch(() => {}),
  new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
]);

export default mount(App, { target: document.getElementById('app')!, props: { firstDrafts } });
