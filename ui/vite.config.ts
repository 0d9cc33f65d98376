import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri CLI starts this dev server (tauri.conf.json `devUrl`) and serves `dist/` in builds.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'safari16',
    // Inline assets would need `data:` in more CSP directives; keep every asset a file.
    assetsInlineLimit: 0,
    // What the first screen needs in one chunk beside the entry: each start-up file is a round
    // trip through the app's tauri:// protocol before the script runs (small modules shared with
    // the lazy screens were split into files of their own: seven requests, now four).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'shell',
              test: /node_modules[\\/](svelte|clsx|@tauri-apps[\\/]api[\\/](core|event|tslib))|src[\\/]lib[\\/](ipc\.ts|drafts[\\/]issues\.ts|components[\\/](drafts[\\/]PublishProgress|accounts[\\/]accounts))/,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
});
