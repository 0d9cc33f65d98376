// Measures Adwright against the yardstick (benches/yardstick) and prints the figures; called by
// scripts/bench inside Xvfb and a private D-Bus with an unlocked keyring. Prints, never asserts.
//
//   node scripts/lib/bench-apps.mjs   (paths and run counts come from the environment, below)
//
// - start: from just before spawn until the app prints its ready line (Adwright: the first
//   screen has painted the drafts list; yardstick: its page has painted), median of N runs,
//   the two apps alternating so that load from elsewhere on the machine hits both alike;
// - idle memory: 10 s after spawn, PSS and RSS summed over the app and all its descendants
//   (WebKitWebProcess, WebKitNetworkProcess), from /proc/<pid>/smaps_rollup;
// - sizes: the release binary and the .deb.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (scripts/bench sets it)`);
  return value;
};

const apps = [
  {
    name: 'Adwright',
    bin: env('BENCH_ADWRIGHT_BIN'),
    deb: env('BENCH_ADWRIGHT_DEB'),
    ready: 'adwright: first screen ready',
  },
  {
    name: 'Yardstick',
    bin: env('BENCH_YARDSTICK_BIN'),
    deb: env('BENCH_YARDSTICK_DEB'),
    ready: 'yardstick: page ready',
  },
];
const startRuns = Number(process.env.BENCH_START_RUNS ?? 7);
const memoryRuns = Number(process.env.BENCH_MEMORY_RUNS ?? 3);
const idleMs = 10_000;

/** Every process whose parent chain reaches `root` (the root included). */
function tree(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parents.get(p) ?? 0, hops += 1) {
      if (p === root) return true;
    }
    return false;
  };
  return [...parents.keys()].filter(inTree);
}

function memoryOf(pid) {
  const kb = (text, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  let pss = 0;
  let rss = 0;
  const processes = [];
  for (const p of tree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      const name = readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      pss += kb(rollup, 'Pss');
      rss += kb(rollup, 'Rss');
      processes.push(`${name} ${(kb(rollup, 'Pss') / 1024).toFixed(1)}`);
    } catch {
      // gone meanwhile
    }
  }
  return { pss, rss, processes };
}

/** Starts `app`, resolves with the child and the milliseconds until its ready line. */
function start(app) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(app.bin, [], {
      env: { ...process.env, ADWRIGHT_REPORT_READY: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    let buffered = '';
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`${app.name} never reported ready in 60 s; stderr:\n${stderr}`));
    }, 60_000);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      const at = performance.now();
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith(app.ready));
      if (line !== undefined && buffered.includes(`${line}\n`)) {
        clearTimeout(timer);
        // The page's marks: `name=ms` since its navigation started.
        const marks = Object.fromEntries(
          line
            .slice(app.ready.length)
            .trim()
            .split(/\s+/)
            .filter(Boolean)
            .map((pair) => pair.split('='))
            .map(([name, ms]) => [name, Number(ms)]),
        );
        resolve({ child, ms: at - started, started, marks });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app.name} exited (${code}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

/** Ends the app and every process it started, and waits until they are all gone. */
async function stop(child) {
  const everyone = tree(child.pid);
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    for (const pid of everyone) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 50; i += 1) {
      if (everyone.every((pid) => !alive(pid))) return;
      await sleep(100);
    }
  }
}

function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// One start each first, not counted: it creates the WebKit cache and profile folders.
for (const app of apps) {
  const { child } = await start(app);
  await stop(child);
}

const startTimes = new Map(apps.map((app) => [app.name, []]));
const startMarks = new Map(apps.map((app) => [app.name, []]));
for (let run = 0; run < startRuns; run += 1) {
  const order = run % 2 ? [...apps].reverse() : apps;
  for (const app of order) {
    const { child, ms, marks } = await start(app);
    startTimes.get(app.name).push(ms);
    startMarks.get(app.name).push({ ...marks, total: ms });
    await stop(child);
    await sleep(500);
  }
}

const memory = new Map(apps.map((app) => [app.name, []]));
for (let run = 0; run < memoryRuns; run += 1) {
  for (const app of apps) {
    const { child, started } = await start(app);
    await sleep(Math.max(0, started + idleMs - performance.now()));
    memory.get(app.name).push(memoryOf(child.pid));
    await stop(child);
  }
}

const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
const figures = apps.map((app) => {
  const samples = memory.get(app.name);
  const byPss = [...samples].sort((a, b) => a.pss - b.pss)[Math.floor(samples.length / 2)];
  return {
    app,
    start: median(startTimes.get(app.name)),
    pss: byPss.pss * 1024,
    rss: byPss.rss * 1024,
    processes: byPss.processes,
    binary: statSync(app.bin).size,
    deb: statSync(app.deb).size,
  };
});

console.log(`\nStart to first screen, ms (${startRuns} runs each, alternating; one warm-up start not counted):`);
for (const { app } of figures) {
  const times = startTimes.get(app.name).map((ms) => ms.toFixed(0)).join(' ');
  console.log(`  ${app.name.padEnd(10)} ${times}`);
}
console.log('Where the start goes (medians, ms; page marks count from the page\'s navigation start):');
for (const { app } of figures) {
  const runs = startMarks.get(app.name);
  const of = (pick) => median(runs.map(pick).filter((v) => Number.isFinite(v))).toFixed(0);
  const names = ['html', 'script', 'mounted', 'drafts', 'ready'].filter((n) => runs.some((r) => n in r));
  const page = names.map((n) => `${n} ${of((r) => r[n])}`).join(', ');
  console.log(
    `  ${app.name.padEnd(10)} process start → navigation start ${of((r) => r.total - r.ready)}; page: ${page}`,
  );
}
console.log(`Idle memory 10 s after start (median of ${memoryRuns} by PSS; MiB PSS per process):`);
for (const f of figures) {
  console.log(`  ${f.app.name.padEnd(10)} PSS ${mib(f.pss)}, RSS ${mib(f.rss)}: ${f.processes.join(', ')}`);
}

const [a, y] = figures;
const rows = [
  ['start to first screen (median)', (f) => `${f.start.toFixed(0)} ms`, (f) => f.start, 1.2],
  ['idle memory, PSS (app + WebKit)', (f) => mib(f.pss), (f) => f.pss, 1.3],
  ['idle memory, RSS (app + WebKit)', (f) => mib(f.rss), (f) => f.rss, null],
  ['release binary', (f) => mib(f.binary), (f) => f.binary, 2],
  ['.deb', (f) => mib(f.deb), (f) => f.deb, null],
];
console.log('');
console.log(
  `${''.padEnd(33)}${'Adwright'.padStart(11)}${'Yardstick'.padStart(11)}${'ratio'.padStart(8)}  target`,
);
for (const [label, show, value, target] of rows) {
  const ratio = value(a) / value(y);
  const verdict = target === null ? '' : `≤ ${target}×  ${ratio <= target ? 'met' : 'MISSED'}`;
  console.log(
    `${label.padEnd(33)}${show(a).padStart(11)}${show(y).padStart(11)}${`${ratio.toFixed(2)}×`.padStart(8)}  ${verdict}`,
  );
}
