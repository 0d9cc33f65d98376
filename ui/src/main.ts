import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

// Start-up marks for scripts/bench (see App.svelte): the bundle is loaded and evaluated.
performance.mark('script');

const app = mount(App, { target: document.getElementById('app')! });

export default app;
