// One WebDriver session on the real Adwright window: starts tauri-driver (which starts Debian's
// WebKitWebDriver), opens the app binary and hands the test a WebdriverIO browser.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import net from 'node:net';
import assert from 'node:assert/strict';
import { remote } from 'webdriverio';

const root = resolve(import.meta.dirname, '../..');
export const artifacts = join(root, 'test-artifacts', 'e2e');

/** A port nobody listens on now, so parallel runs (other checkouts, CI) never share a driver. */
function freePort() {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitForPort(port, child, deadlineMs = 30_000) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    const open = await new Promise((done) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/** Starts the app; `env` is added to the app's environment. */
export async function openApp({ env = {} } = {}) {
  const application = process.env.ADWRIGHT_E2E_APP;
  if (!application) throw new Error('ADWRIGHT_E2E_APP must name the app binary (tests/e2e/run sets it)');
  mkdirSync(artifacts, { recursive: true });
  const driverPort = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(driverPort), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForPort(driverPort, driver);
  const browser = await remote({
    hostname: '127.0.0.1',
    port: driverPort,
    logLevel: 'warn',
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application },
    },
  });
  return {
    browser,
    /**
     * Saves a PNG of the window as the X server shows it (what a person would see) under
     * test-artifacts/e2e/<name>.png. WebKitWebDriver's own screenshot under Xvfb can miss layers
     * (images, the sidebar footer), and on a loaded machine the web content can reach the X
     * server a moment late, so this waits for a painted frame that holds still.
     */
    async screenshot(name) {
      const file = join(artifacts, `${name}.png`);
      // The window is an app, not a page: panes scroll, the document never does. A document
      // taller than the window (an absolutely placed element escaping its pane) lets focus and
      // clicks shift the whole window up.
      const page = await browser.execute(() => {
        const root = document.documentElement;
        return { top: root.scrollTop, height: root.scrollHeight, window: root.clientHeight };
      });
      assert.ok(
        page.top === 0 && page.height <= page.window,
        `${name}: the document scrolls (${JSON.stringify(page)}); something escapes its pane`,
      );
      // A focused field's blinking caret never holds still: hide it while the window is captured
      // (through the CSSOM: the page's CSP refuses inline styles). caret-color is inherited.
      const caret = (hidden) =>
        browser.execute((hidden) => {
          const root = document.documentElement.style;
          if (hidden) root.setProperty('caret-color', 'transparent', 'important');
          else root.removeProperty('caret-color');
        }, hidden);
      await caret(true);
      try {
        const { x, y, width, height } = await browser.getWindowRect();
        let previous = '';
        for (let attempt = 0; attempt < 40; attempt += 1) {
          execFileSync('import', ['-window', 'root', '-crop', `${width}x${height}+${x}+${y}`, '+repage', file]);
          const frame = execFileSync('convert', [file, '-format', '%k %#', 'info:']).toString();
          const colours = Number(frame.split(' ')[0]);
          if (colours > 16 && frame === previous) return file;
          previous = frame;
          await sleep(250);
        }
        throw new Error(`the window never showed a settled, painted frame for ${name}`);
      } finally {
        await caret(false);
      }
    },
    async close() {
      // Never let a stuck session keep the run alive: give it ten seconds, then stop the driver.
      await Promise.race([browser.deleteSession().catch(() => {}), sleep(10_000)]);
      driver.kill('SIGKILL');
      // tauri-driver's WebKitWebDriver outlives a killed tauri-driver: stop this session's one
      // (found by its port, so parallel runs keep theirs).
      spawnSync('pkill', ['-f', `WebKitWebDriver --port=${nativePort} `]);
    },
  };
}
