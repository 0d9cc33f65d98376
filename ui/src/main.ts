import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { commands } from './lib/ipc';

// Start-up marks for scripts/bench (see App.svelte): the bundle is loaded and evaluated.
performance.mark('script');

// The font stack differs on Linux (app.css says why); set before the first style resolution.
if (/\bLinux\b/.test(navigator.userAgent)) document.documentElement.dataset.platform = 'linux';

// The drafts list is the first screen, in the theme the app status names. Ask Rust for both
// first and, while it answers, build the shell in a detached element: WebKit neither lays it out
// nor paints it there. Put it in the page once both are in (a few ms), so the first frame WebKit
// lays out and paints already holds them (a frame painted without the list cost as much as the
// one with it). A slow answer (a migration, a busy disk) never keeps the window blank: after
// FIRST_SCREEN_WAIT_MS the shell goes in without it.
const FIRST_SCREEN_WAIT_MS = 150;
const firstDrafts = commands.draftsList('');
const firstStatus = commands.appStatus();
const placeholder = document.getElementById('app')!;
const shell = document.createElement('div');
shell.id = placeholder.id;
const app = mount(App, { target: shell, props: { firstDrafts, firstStatus } });
await Promise.race([
  Promise.allSettled([firstDrafts, firstStatus]),
  new Promise((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS)),
]);
placeholder.replaceWith(shell);

export default app;
