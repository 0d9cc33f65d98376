// One WebDriver session on the real Adwright window: starts tauri-driver (which starts Debian's
// WebKitWebDriver), opens the app binary and hands the test a WebdriverIO browser.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { remote } from 'webdriverio';

const root = resolve(import.meta.dirname, '../..');
export const artifacts = join(root, 'test-artifacts', 'e2e');
const driverPort = Number(process.env.ADWRIGHT_E2E_DRIVER_PORT ?? 4444);

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
  const driver = spawn('tauri-driver', ['--port', String(driverPort)], {
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
     * Saves a PNG of the X display (what a person would see) under test-artifacts/e2e/<name>.png.
     * WebKitWebDriver's own screenshot under Xvfb can miss layers (images, the sidebar footer),
     * so the picture comes from the X server itself.
     */
    async screenshot(name) {
      const file = join(artifacts, `${name}.png`);
      await sleep(300); // let the last frame paint
      const { x, y, width, height } = await browser.getWindowRect();
      execFileSync('import', ['-window', 'root', '-crop', `${width}x${height}+${x}+${y}`, '+repage', file]);
      return file;
    },
    async close() {
      await browser.deleteSession().catch(() => {});
      driver.kill();
    },
  };
}
