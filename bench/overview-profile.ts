/**
 * What the main thread does while the Observability tab's Overview opens at
 * 7 days (or, with --moment=switch, switches from 1 hour to 7 days): a CPU profile (Chromium's profiler through CDP, 200 µs sampling)
 * from clicking the section's tab (from Alerts) until the page is quiet, cut
 * into tasks at the profiler's idle samples. For every task over 50 ms it
 * prints where the time went: self time by package and the functions with
 * the most inclusive time, their minified frames mapped back to sources
 * through the build's source maps.
 *
 * Against the production build (see bench/serve-app-build.ts), or the
 * development server (names readable without maps):
 *
 *   PLAYWRIGHT_URL=http://localhost:3099 yarn tsx bench/overview-profile.ts [--section=overview] [--moment=open|switch] [--tasks=observed|runs] [--top=12] [--dist=DIR]
 */
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer } from 'source-map';
import { APP, BenchSection, sectionDrawn, signInAsGuest } from './appPage';

const TAB = `${APP}/catalog/default/component/checkout/observability`;

const arg = (name: string, fallback: string) =>
  process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const SECTION = arg('section', 'overview') as BenchSection;
if (SECTION !== 'overview' && SECTION !== 'logs') {
  throw new Error(`--section must be overview or logs, not ${SECTION}`);
}
/** `open`: the section's tab clicked from Alerts at 7 days; `switch`: 1 h → 7 days in it. */
const MOMENT = arg('moment', 'open');
/**
 * `observed`: the page's long tasks, placed in the profile by its clock;
 * `runs`: the profile's runs of busy samples, when that placing is off.
 */
const TASKS = arg('tasks', 'observed');
const TOP = Number(arg('top', '12'));
/** The build served, for its source maps (see bench/serve-app-build.ts). */
const DIST = path.resolve(
  arg('dist', path.join(__dirname, '../packages/app/dist')),
);
const SECTION_TABS: Record<string, string> = {
  overview: 'Overview',
  logs: 'Logs',
};

type CallFrame = {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
};
type ProfileNode = {
  id: number;
  callFrame: CallFrame;
  children?: number[];
};
type Profile = {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Maps a frame of the built bundle to `name (source:line)`. */
function frameNamer() {
  const consumers = new Map<string, SourceMapConsumer | undefined>();
  const consumer = (url: string) => {
    if (!consumers.has(url)) {
      const file = path.join(DIST, new URL(url).pathname);
      consumers.set(
        url,
        fs.existsSync(`${file}.map`)
          ? new SourceMapConsumer(
              JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')),
            )
          : undefined,
      );
    }
    return consumers.get(url);
  };
  return (frame: CallFrame): { name: string; source: string } => {
    if (!frame.url)
      return { name: frame.functionName || '(native)', source: '' };
    let source = frame.url;
    let line = frame.lineNumber + 1;
    let name = frame.functionName;
    const map = frame.url.startsWith('http') ? consumer(frame.url) : undefined;
    if (map) {
      const original = map.originalPositionFor({
        line: frame.lineNumber + 1,
        column: frame.columnNumber,
      });
      if (original.source) {
        source = original.source;
        line = original.line ?? line;
        name = original.name ?? name;
      }
    }
    source = source
      .replace(/^.*node_modules\//, '')
      .replace(/^.*\/work\/main\//, '')
      .replace(/^webpack:\/\/\//, '');
    return { name: name || '(anonymous)', source: `${source}:${line}` };
  };
}

/** The package a source belongs to: `recharts`, `react-dom`, our plugin. */
function packageOf(source: string): string {
  if (!source) return '(browser)';
  const parts = source.split('/');
  if (parts[0] === 'plugins' || parts[0] === 'packages')
    return `${parts[0]}/${parts[1]}`;
  if (parts[0].startsWith('@')) return `${parts[0]}/${parts[1]}`;
  return parts[0].replace(/:\d+$/, '');
}

type LongTask = { startTime: number; duration: number };

/**
 * `offsetMs`: the profile's start (its clock, in ms) less the page's
 * performance.now() then; the long tasks' times are the page's.
 */
function analyse(profile: Profile, longTasks: LongTask[], offsetMs: number) {
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const name = frameNamer();
  const named = new Map<number, { name: string; source: string }>();
  const nameOf = (id: number) => {
    if (!named.has(id)) named.set(id, name(nodes.get(id)!.callFrame));
    return named.get(id)!;
  };
  // Sample times, and each sample's duration (until the next).
  let t = profile.startTime;
  const times = profile.timeDeltas.map(d => (t += d));
  const duration = (i: number) =>
    i + 1 < times.length ? times[i + 1] - times[i] : 0;
  const ms = (us: number) => `${Math.round(us / 1000)} ms`;
  // The page's long tasks (performance.now() ms) in the profile's clock
  // (µs). The two clocks' offset, read around Profiler.start, is off by up
  // to a few hundred ms: shift the tasks to where the profile is busiest.
  const idle = (i: number) =>
    nodes.get(profile.samples[i])!.callFrame.functionName === '(idle)';
  const samplesIn = (startUs: number, endUs: number) => {
    let first = times.findIndex(time => time >= startUs);
    if (first < 0) first = times.length;
    let last = times.findIndex(time => time > endUs);
    if (last < 0) last = times.length;
    return { from: first, to: last };
  };
  const placed = (shiftMs: number) =>
    longTasks.map(task => {
      const start = (task.startTime + offsetMs + shiftMs) * 1000;
      return {
        ...samplesIn(start, start + task.duration * 1000),
        us: task.duration * 1000,
      };
    });
  const busy = (tasks: { from: number; to: number }[]) => {
    let sum = 0;
    for (const task of tasks)
      for (let i = task.from; i < task.to; i++)
        if (!idle(i)) sum += duration(i);
    return sum;
  };
  let shift = 0;
  for (let candidate = -500; candidate <= 500; candidate += 2) {
    if (busy(placed(candidate)) > busy(placed(shift))) shift = candidate;
  }
  const observed = placed(shift);
  // The profile's own view: runs of samples that are not idle (tasks that
  // follow each other without a pause come out as one).
  const runs: { from: number; to: number; us: number }[] = [];
  let from = -1;
  profile.samples.forEach((_, i) => {
    const isIdle = idle(i);
    if (!isIdle && from < 0) from = i;
    if ((isIdle || i === profile.samples.length - 1) && from >= 0) {
      runs.push({ from, to: i, us: times[i] - times[from] });
      from = -1;
    }
  });
  const long =
    TASKS === 'runs' ? runs.filter(run => run.us > 50_000) : observed;
  console.log(
    `${long.length} tasks over 50 ms; blocking ${ms(
      long.reduce((sum, task) => sum + task.us - 50_000, 0),
    )}`,
  );
  for (const task of long) {
    const self = new Map<string, number>();
    const selfFn = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const nativeCallers = new Map<string, number>();
    for (let i = task.from; i < task.to; i++) {
      const d = duration(i);
      const leaf = nameOf(profile.samples[i]);
      const pkg = packageOf(leaf.source);
      self.set(pkg, (self.get(pkg) ?? 0) + d);
      const leafKey = `${leaf.name} ${leaf.source}`;
      selfFn.set(leafKey, (selfFn.get(leafKey) ?? 0) + d);
      if (!leaf.source && !leaf.name.startsWith('(')) {
        // A DOM call (a forced layout, say): who made it.
        let caller = parent.get(profile.samples[i]);
        while (caller && !nameOf(caller).source) caller = parent.get(caller);
        if (caller) {
          const c = nameOf(caller);
          const key = `${leaf.name} ← ${c.name} ${c.source}`;
          nativeCallers.set(key, (nativeCallers.get(key) ?? 0) + d);
        }
      }
      const seen = new Set<string>();
      for (
        let id: number | undefined = profile.samples[i];
        id;
        id = parent.get(id)
      ) {
        const f = nameOf(id);
        const key = `${f.name} ${f.source}`;
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + d);
      }
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `    ${ms(v).padStart(7)}  ${k}`)
        .join('\n');
    console.log(
      `\ntask at +${ms(
        (times[task.from] ?? profile.startTime) - profile.startTime,
      )}: ${ms(task.us)}`,
    );
    console.log(`  self time by package:\n${top(self, 8)}`);
    console.log(`  self time by function:\n${top(selfFn, TOP)}`);
    // Inclusive: our own components and the library entry points under them.
    const ours = new Map(
      [...inclusive.entries()].filter(([k]) => k.includes('plugins/')),
    );
    console.log(`  inclusive, our code:\n${top(ours, TOP)}`);
    // Components (capitalised) of any package but React's own.
    const components = new Map(
      [...inclusive.entries()].filter(
        ([k]) => /^[A-Z]/.test(k) && !/react-dom|scheduler/.test(k),
      ),
    );
    console.log(`  inclusive, components:\n${top(components, TOP * 2)}`);
    console.log(`  DOM calls by caller:\n${top(nativeCallers, 8)}`);
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  await page.addInitScript(() => {
    const tasks: { startTime: number; duration: number }[] = [];
    (window as any).__longTasks = tasks;
    new PerformanceObserver(list => {
      for (const e of list.getEntries())
        tasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  page.setDefaultTimeout(90_000);
  await signInAsGuest(page);
  // Once to warm the caches (code chunks, the backend's answers), then measured.
  for (const measured of [false, true]) {
    if (MOMENT === 'open') {
      await page.goto(`${TAB}?section=alerts&range=7d`);
      await page.getByRole('tab', { name: 'Alerts' }).waitFor();
    } else {
      await page.goto(`${TAB}?section=${SECTION}&range=1h`);
      await sectionDrawn(page, SECTION);
    }
    await page.waitForTimeout(4000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const startedAt = await page.evaluate(() => {
      (window as any).__longTasks.length = 0;
      return performance.now();
    });
    if (MOMENT === 'open') {
      await page.getByRole('tab', { name: SECTION_TABS[SECTION] }).click();
    } else {
      await page.getByRole('button', { name: /Time range/ }).click();
      await page.getByRole('option', { name: 'Last 7 days' }).click();
      await page.waitForURL(/range=7d/);
    }
    await sectionDrawn(page, SECTION);
    await page.waitForTimeout(4000);
    const longTasks: LongTask[] = await page.evaluate(
      () => (window as any).__longTasks,
    );
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    if (measured) {
      fs.writeFileSync('/tmp/overview.cpuprofile', JSON.stringify(profile));
      analyse(
        profile as Profile,
        longTasks,
        profile.startTime / 1000 - startedAt,
      );
    }
  }
  await browser.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
