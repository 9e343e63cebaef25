/**
 * Main-thread blocking of the Observability tab's Overview in Chromium, vs
 * the Logs section (a chart and a list of its own) measured the same way in
 * the same run. Long tasks (over 50 ms) come from a PerformanceObserver in
 * the page; total blocking time is what each task spends over 50 ms.
 *
 * Two moments, each at 7 days (and the range switch also at 30 days):
 *   open:   the section's tab clicked, from the Alerts section
 *   switch: the time range picked in the section, from 1 hour
 * each measured until the page is quiet (no request in flight, no long task)
 * for a second.
 *
 * Needs the local stack and the example app (`yarn start`, or PLAYWRIGHT_URL):
 *
 *   yarn tsx bench/overview-render.ts [--rounds=5]
 */
import { Browser, chromium, Page } from '@playwright/test';
import { APP, BenchSection, sectionDrawn, signInAsGuest } from './appPage';
import { flag, fmtMs, percentile, ratio, run } from './lib';

const TAB = `${APP}/catalog/default/component/checkout/observability`;
const QUIET_MS = 1000;
/** How long a moment may take, the page busy all along, before it is given up. */
const BUSY_MS = 45_000;

const SECTIONS: { key: BenchSection; tab: string }[] = [
  { key: 'overview', tab: 'Overview' },
  { key: 'logs', tab: 'Logs' },
];
const RANGES = [
  { key: '7d', label: 'Last 7 days' },
  { key: '30d', label: 'Last 30 days' },
];

type Blocking = { total: number; tbt: number; longest: number; count: number };
type Requests = { inFlight: number; lastEnd: number };
type Tab = { page: Page; requests: Requests };

/** Collects the page's long tasks from its first script on. */
function observeLongTasks() {
  const state = { durations: [] as number[], lastEnd: 0 };
  (window as any).__longTasks = state;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      state.durations.push(entry.duration);
      state.lastEnd = Math.max(state.lastEnd, entry.startTime + entry.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** Counts the page's requests in flight and when the last one ended. */
function trackRequests(page: Page): Requests {
  const net = { inFlight: 0, lastEnd: Date.now() };
  const done = () => {
    net.inFlight = Math.max(0, net.inFlight - 1);
    net.lastEnd = Date.now();
  };
  // The plugin's own requests: the app keeps others open (event streams).
  const ours = (request: { url(): string }) =>
    request.url().includes('/api/observability/');
  page.on('request', request => {
    if (ours(request)) net.inFlight++;
  });
  page.on('requestfinished', request => {
    if (ours(request)) done();
  });
  page.on('requestfailed', request => {
    if (ours(request)) done();
  });
  return net;
}

async function waitForQuiet({ page, requests: net }: Tab) {
  const deadline = Date.now() + BUSY_MS;
  for (;;) {
    const sinceTask = await page.evaluate(
      () => performance.now() - (window as any).__longTasks.lastEnd,
    );
    if (
      net.inFlight === 0 &&
      sinceTask >= QUIET_MS &&
      Date.now() - net.lastEnd >= QUIET_MS
    ) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The page never became quiet: ${
          net.inFlight
        } requests in flight, ${Math.round(
          sinceTask,
        )} ms since the last long task`,
      );
    }
    await page.waitForTimeout(100);
  }
}

async function resetLongTasks(page: Page) {
  await page.evaluate(() => {
    (window as any).__longTasks.durations = [];
  });
}

async function blocking(page: Page): Promise<Blocking> {
  const durations: number[] = await page.evaluate(
    () => (window as any).__longTasks.durations,
  );
  return {
    total: durations.reduce((sum, d) => sum + d, 0),
    tbt: durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
    longest: Math.max(0, ...durations),
    count: durations.length,
  };
}

async function openSection(tab: Tab, section: (typeof SECTIONS)[number]) {
  const { page } = tab;
  await page.goto(`${TAB}?section=alerts&range=7d`);
  await page.getByRole('tab', { name: 'Alerts' }).waitFor();
  await waitForQuiet(tab);
  await resetLongTasks(page);
  await page.getByRole('tab', { name: section.tab }).click();
  await sectionDrawn(page, section.key);
  await waitForQuiet(tab);
  return blocking(page);
}

async function switchRange(
  tab: Tab,
  section: (typeof SECTIONS)[number],
  range: (typeof RANGES)[number],
) {
  const { page } = tab;
  await page.goto(`${TAB}?section=${section.key}&range=1h`);
  await sectionDrawn(page, section.key);
  await waitForQuiet(tab);
  await resetLongTasks(page);
  await page.getByRole('button', { name: /Time range/ }).click();
  await page.getByRole('option', { name: range.label }).click();
  await page.waitForURL(new RegExp(`range=${range.key}`));
  await sectionDrawn(page, section.key);
  await waitForQuiet(tab);
  return blocking(page);
}

async function signedIn(browser: Browser): Promise<Tab> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  await signInAsGuest(page);
  page.setDefaultTimeout(90_000);
  return { page, requests: trackRequests(page) };
}

/** A measurement again when the backend restarted under it (see signedIn). */
async function retried<T>(measure: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure();
    } catch (error) {
      process.stderr.write(`retrying: ${error}\n`);
      if (attempt === 3) throw error;
    }
  }
}

const median = (samples: number[]) => percentile(samples, 0.5);

async function main() {
  const rounds = flag('rounds', 5);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const tab = await signedIn(browser);
  const moments = [
    {
      name: 'open at 7d',
      measure: (s: (typeof SECTIONS)[number]) => openSection(tab, s),
    },
    ...RANGES.map(range => ({
      name: `switch 1h → ${range.key}`,
      measure: (s: (typeof SECTIONS)[number]) => switchRange(tab, s, range),
    })),
  ];
  // One warm-up pass, so the dev server's first compile and the browser's
  // caches are not in the first round's figures.
  for (const section of SECTIONS)
    await retried(() => openSection(tab, section));

  const samples = new Map<string, Blocking[]>();
  for (let round = 0; round < rounds; round++) {
    // Alternate the order, so neither section always runs after the other.
    const order = round % 2 === 0 ? SECTIONS : [...SECTIONS].reverse();
    for (const moment of moments) {
      for (const section of order) {
        const key = `${moment.name}|${section.key}`;
        process.stderr.write(
          `round ${round + 1}: ${moment.name}, ${section.key}\n`,
        );
        samples.set(key, [
          ...(samples.get(key) ?? []),
          await retried(() => moment.measure(section)),
        ]);
      }
    }
  }
  await browser.close();

  console.log(
    `Main-thread blocking, checkout at 1440×900, median of ${rounds} rounds (long tasks > 50 ms)`,
  );
  console.log(
    '| moment | section | long tasks | total | longest | total blocking time | TBT vs Logs |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const moment of moments) {
    const of = (section: BenchSection, field: keyof Blocking) =>
      median(samples.get(`${moment.name}|${section}`)!.map(b => b[field]));
    for (const { key } of SECTIONS) {
      console.log(
        `| ${moment.name} | ${key} | ${of(key, 'count')} | ${fmtMs(
          of(key, 'total'),
        )} | ${fmtMs(of(key, 'longest'))} | ${fmtMs(of(key, 'tbt'))} | ${
          of('logs', 'tbt') > 0
            ? ratio(of(key, 'tbt'), of('logs', 'tbt'))
            : 'Logs has none'
        } |`,
      );
    }
  }
}

run(main);
