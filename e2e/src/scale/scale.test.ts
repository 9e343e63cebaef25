/*
 * Proves Sightline in the production shape (e2e/scale, `yarn stack:scale`):
 * two replicas of the example backend behind nginx, on PostgreSQL and
 * Redis, all real, with Prometheus behind a recording proxy that tells
 * which replica sent each request. What must hold:
 *
 * - the cache is shared: replica B answers a panel replica A answered
 *   without asking Prometheus, and 50 viewers over both replicas cost
 *   Prometheus at most twice what one costs;
 * - a silence created through one replica is listed by the other at once;
 * - nginx retries a GET a hung replica never answered, never a POST;
 * - scheduled work (the SLO history recorder, the search collator) runs on
 *   one replica per interval, by the log lines, the rows PostgreSQL counts
 *   and the upstream requests;
 * - killing a replica with SIGKILL during a 60 s load run fails no request,
 *   moves the scheduled work to the survivor and loses no history; a
 *   PostgreSQL restart in the same run is survived without a backend
 *   restart, and the history recorder catches up the days it missed.
 *
 * Starts the topology afresh (stopping one left running) and stops it again
 * unless SIGHTLINE_SCALE_KEEP=1; starts the local telemetry stack if it is
 * not running and then stops it too. Needs nginx, redis-server and
 * postgresql (apt-get install nginx redis-server postgresql).
 */

import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const E2E_DIR = path.resolve(__dirname, '../..');
const SCALE_DIR = path.join(E2E_DIR, 'scale');
const KEEP = Boolean(process.env.SIGHTLINE_SCALE_KEEP);
const ENTITY_API = '/api/observability/entities/component/default';
const OBSERVABILITY_DB = 'backstage_plugin_observability';
const RECORDER_TASK = 'observability-slo-history';
const REPLICAS = ['replica-a', 'replica-b'] as const;
type Replica = (typeof REPLICAS)[number];

const MINUTE_S = 60;
const DAY_S = 86_400;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

type ScaleInfo = {
  startedAt: string;
  /** Milliseconds from the start until each replica was ready. */
  startup: Record<`${Replica}Ms`, number>;
  stateDir: string;
  urls: {
    lb: string;
    replicas: Record<Replica, string>;
    prometheusProxy: string;
  };
  telemetry: { alertmanager: string };
};
type Status = {
  processes: { name: string; pid: number; alive: boolean }[];
  info: ScaleInfo;
};
/** One request the recording proxy passed to Prometheus. */
type Recorded = {
  t: number;
  replica: Replica | 'other';
  method: string;
  path: string;
  params: [string, string][];
};
type Access = {
  t: number;
  method: string;
  uri: string;
  status: number;
  upstream: string;
};

/** Runs a Node script; its stdout, or a rejection with everything it said. */
function node(script: string, args: string[], timeoutMs: number) {
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${script} ${args.join(' ')}: ${stderr}${stdout}`))
          : resolve(stdout),
    );
  });
}

/** `node e2e/scale/index.mjs ...`, parsed. */
async function scale<T>(...args: string[]): Promise<T> {
  const out = await node(path.join(SCALE_DIR, 'index.mjs'), args, 90_000);
  return JSON.parse(out.trim().split('\n').pop()!);
}

const sql = <T>(statement: string) =>
  scale<T[]>('sql', OBSERVABILITY_DB, statement);

/** The JSON lines of a log; a line still being written is left out. */
function jsonLines<T>(file: string): T[] {
  const lines: T[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    try {
      lines.push(JSON.parse(line));
    } catch {
      // not JSON (yet)
    }
  }
  return lines;
}

let info: ScaleInfo;
let status: Status;
let token: string;
let startedStack = false;
const runId = `scale-${Date.now()}`;
/** What the test measured, printed at the end for docs/benchmarks.md. */
const figures: Record<string, unknown> = {};

const logDir = () => path.join(info.stateDir, 'log');
const proxyRequests = () =>
  jsonLines<Recorded>(path.join(logDir(), 'prometheus-requests.jsonl'));
const accessLog = () =>
  jsonLines<Access>(path.join(logDir(), 'nginx-access.jsonl'));
const replicaLog = (replica: Replica) =>
  jsonLines<Record<string, any>>(path.join(logDir(), `${replica}.log`));
const pidOf = (name: string) =>
  status.processes.find(p => p.name === name)!.pid;
const portOf = (replica: Replica) => new URL(info.urls.replicas[replica]).port;
/** The proxy and nginx write as requests pass; give the last line a moment. */
const settle = () => sleep(300);

async function api(base: string, route: string, init: RequestInit = {}) {
  return fetch(`${base}${route}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
}

async function getJson(base: string, route: string) {
  const res = await api(base, route);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}`);
    }
    await sleep(500);
  }
}

/** A minute-aligned hour ending `minutesAgo` before now: a range no one asked for yet. */
function hourEnding(minutesAgo: number) {
  const to =
    Math.floor(Date.now() / 1000 / MINUTE_S) * MINUTE_S - minutesAgo * MINUTE_S;
  const from = to - 3600;
  return {
    red: `${ENTITY_API}/checkout/red?from=${from}&to=${to}`,
    breakdown: `${ENTITY_API}/checkout/red/breakdown?by=route&from=${from}&to=${to}`,
    /**
     * A Prometheus request for checkout's panels over this range: its
     * start, end or instant, or the metric-dialect probe for checkout's
     * series (made at the current instant, not the range's).
     */
    asked: (r: Recorded) =>
      r.params.some(
        ([name, value]) =>
          (name === 'start' && Number(value) === from) ||
          ((name === 'end' || name === 'time') && Number(value) === to) ||
          (name === 'query' &&
            value.startsWith('count by (__name__) (') &&
            value.includes('service="checkout"')),
      ),
  };
}

/** The recorder's runs so far, one log line each, grouped by replica (not in time order). */
function recorderRuns() {
  return REPLICAS.flatMap(replica =>
    replicaLog(replica)
      .filter(l => l.message === 'Recorded SLO history')
      .map(l => ({ replica, days: l.days as number })),
  );
}

/**
 * The recorder's runs since `before` (an earlier recorderRuns()): counted
 * per replica, since the log lines carry no time to order them by.
 */
function recorderRunsSince(before: ReturnType<typeof recorderRuns>) {
  return REPLICAS.flatMap(replica => {
    const seen = before.filter(r => r.replica === replica).length;
    return recorderRuns()
      .filter(r => r.replica === replica)
      .slice(seen);
  });
}

/**
 * Who wrote which row of the history table: a trigger the test adds
 * records every insert and update with the writing session's
 * application_name, which is its replica's name (see start.mjs).
 */
const RECORD_HISTORY_WRITES = `
  CREATE TABLE scale_history_writes (
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    writer text NOT NULL,
    entity_ref text NOT NULL,
    slo_id text NOT NULL,
    day text NOT NULL
  );
  CREATE FUNCTION scale_history_write() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO scale_history_writes (writer, entity_ref, slo_id, day)
    VALUES (current_setting('application_name'), NEW.entity_ref, NEW.slo_id, NEW.day);
    RETURN NEW;
  END $$;
  CREATE TRIGGER scale_history_write AFTER INSERT OR UPDATE ON slo_daily_counts
    FOR EACH ROW EXECUTE FUNCTION scale_history_write();`;

type HistoryWrite = {
  writer: string;
  entity_ref: string;
  slo_id: string;
  day: string;
};
const historyWrites = () =>
  sql<HistoryWrite>(
    'SELECT writer, entity_ref, slo_id, day FROM scale_history_writes ORDER BY at',
  );
const rowKey = (r: { entity_ref: string; slo_id: string; day: string }) =>
  `${r.entity_ref} ${r.slo_id} ${r.day}`;

type HistoryRow = {
  entity_ref: string;
  slo_id: string;
  day: string;
  good: number;
  total: number;
};
const history = () =>
  sql<HistoryRow>(
    'SELECT entity_ref, slo_id, day, good, total FROM slo_daily_counts ORDER BY 1, 2, 3',
  );

async function recorderState(base: string) {
  const { tasks } = await getJson(
    base,
    '/api/observability/.backstage/scheduler/v1/tasks',
  );
  return tasks.find((t: any) => t.taskId === RECORDER_TASK).taskState as {
    status: string;
    lastRunEndedAt?: string;
  };
}

/** Triggers the recorder through `base` and waits for the run to end. */
async function triggerRecorder(base: string) {
  const before = await recorderState(base);
  const res = await api(
    base,
    `/api/observability/.backstage/scheduler/v1/tasks/${RECORDER_TASK}/trigger`,
    { method: 'POST' },
  );
  if (!res.ok) throw new Error(`trigger: ${res.status} ${await res.text()}`);
  await waitFor(
    'the triggered SLO history run to end',
    async () => {
      const state = await recorderState(base);
      return state.status === 'idle' &&
        state.lastRunEndedAt !== before.lastRunEndedAt
        ? state
        : undefined;
    },
    120_000,
  );
}

/** Requests the recorder sends: instants at the start of today (UTC). */
const recorderAsked = (r: Recorded) => {
  const midnight = Math.floor(Date.now() / 1000 / DAY_S) * DAY_S;
  return r.params.some(([n, v]) => n === 'time' && Number(v) === midnight);
};

type CollatorRun = { replica: Replica; start: number; end: number };

/**
 * The collator's runs: a run reads each entity's dashboards (and SLOs and
 * alerts) from its own replica's observability API once, so in a replica's
 * log the /dashboards requests, until an entity comes again, are one run
 * there (nothing else here asks for dashboards). Oldest first.
 */
function collatorRuns(): CollatorRun[] {
  return REPLICAS.flatMap(replica => {
    const runs: (CollatorRun & { entities: Set<string> })[] = [];
    for (const l of replicaLog(replica)) {
      const entity = /\/entities\/(.+)\/dashboards$/.exec(
        l.type === 'incomingRequest' ? l.url : '',
      )?.[1];
      if (!entity) continue;
      const t = Date.parse(l.date);
      const last = runs[runs.length - 1];
      if (last && !last.entities.has(entity) && t - last.end < 10_000) {
        last.entities.add(entity);
        last.end = t;
      } else {
        runs.push({ replica, start: t, end: t, entities: new Set([entity]) });
      }
    }
    return runs.map(({ entities: _, ...run }) => run);
  }).sort((a, b) => a.start - b.start);
}

async function collatorState() {
  const { tasks } = await getJson(
    info.urls.lb,
    '/api/search/.backstage/scheduler/v1/tasks',
  );
  return tasks.find((t: any) => t.taskId === 'search_index_observability')
    .taskState as { status: string; startsAt?: string };
}

const collatedLines = (replica: Replica) =>
  replicaLog(replica).filter(
    l => l.message === 'Collated observability documents',
  ).length;

/**
 * Waits until a collator run has just finished: the next is an interval
 * away, so what reaches Prometheus meanwhile is what the test asks for.
 */
async function quietMoment() {
  const before = REPLICAS.map(collatedLines);
  await waitFor(
    'a collator run to finish',
    () => REPLICAS.find((r, i) => collatedLines(r) > before[i]),
    60_000,
  );
}

/** The q-quantile of samples, nearest rank. */
function percentile(samples: number[], q: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

beforeAll(async () => {
  const stack = JSON.parse(
    (await node(path.join(E2E_DIR, 'stack', 'index.mjs'), ['ensure'], 240_000))
      .trim()
      .split('\n')
      .pop()!,
  );
  startedStack = stack.started;
  // A fresh world: empty databases and cache, replicas that saw nothing.
  await node(path.join(SCALE_DIR, 'stop.mjs'), [], 60_000);
  await node(path.join(SCALE_DIR, 'start.mjs'), [], 300_000);
  status = await scale<Status>('status');
  info = status.info;
  // The plugin created the table when the first replica started.
  await scale('exec', OBSERVABILITY_DB, RECORD_HISTORY_WRITES);
  const signIn = async () => {
    const auth = await fetch(`${info.urls.lb}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    return (await auth.json()).backstageIdentity.token as string;
  };
  token = await signIn();
  // The catalog reads examples/ on whichever replica claims it first.
  await waitFor(
    'the catalog to hold the demo services and the guest user',
    async () =>
      (
        await Promise.all(
          [
            'component/default/checkout',
            'component/default/payments',
            'user/default/guest',
          ].map(
            async ref =>
              (
                await api(info.urls.lb, `/api/catalog/entities/by-name/${ref}`)
              ).ok,
          ),
        )
      ).every(Boolean) || undefined,
    120_000,
  );
  // Signed in again now that the catalog knows the guest's groups: owning
  // checkout through team-shop is what lets it silence checkout.
  token = await signIn();
}, 600_000);

afterAll(async () => {
  // Whatever a failed test left stopped must not outlive it stopped.
  for (const replica of REPLICAS) {
    try {
      process.kill(-pidOf(replica), 'SIGCONT');
    } catch {
      // gone
    }
  }
  // Silences a replica created after a test looked: they mute nothing, but
  // go anyway.
  if (info) {
    const silences: any[] = await (
      await fetch(`${info.telemetry.alertmanager}/api/v2/silences`)
    ).json();
    for (const silence of silences.filter(
      s => s.comment.includes(runId) && s.status.state !== 'expired',
    )) {
      await fetch(
        `${info.telemetry.alertmanager}/api/v2/silence/${silence.id}`,
        { method: 'DELETE' },
      );
    }
  }
  if (!KEEP) await node(path.join(SCALE_DIR, 'stop.mjs'), [], 60_000);
  if (startedStack) {
    await node(path.join(E2E_DIR, 'stack', 'index.mjs'), ['stop'], 60_000);
  }
  console.log(`scale figures:\n${JSON.stringify(figures, null, 2)}`);
}, 120_000);

describe('Sightline on two replicas behind nginx, on PostgreSQL and Redis', () => {
  it("answers replica B's first request for a panel from what replica A asked Prometheus", async () => {
    // Straight after the start: replica B has served nothing yet, and its
    // collator and recorder workers are still in their initial delay.
    const range = hourEnding(10);
    const mark = proxyRequests().length;
    const fromA = await getJson(info.urls.replicas['replica-a'], range.red);
    await settle();
    const askedByA = proxyRequests().slice(mark).filter(range.asked);
    const markB = mark + proxyRequests().slice(mark).length;
    const fromB = await getJson(info.urls.replicas['replica-b'], range.red);
    await settle();
    const askedByB = proxyRequests().slice(markB).filter(range.asked);

    expect(askedByA.length).toBeGreaterThan(0);
    expect(new Set(askedByA.map(r => r.replica))).toEqual(
      new Set(['replica-a']),
    );
    expect(askedByB).toEqual([]);
    expect(fromB).toEqual(fromA);
    figures.sharedCache = {
      replicaARequests: askedByA.length,
      replicaBRequests: askedByB.length,
    };
  }, 60_000);

  it('lists a silence created through replica A on replica B at once', async () => {
    const silences = `${ENTITY_API}/checkout/silences`;
    const created = await api(info.urls.replicas['replica-a'], silences, {
      method: 'POST',
      body: JSON.stringify({
        comment: `${runId}: created through replica-a`,
        durationMinutes: 5,
        // Mutes nothing real: other tests look at checkout's alerts.
        matchers: [{ name: 'sightline_scale_run', op: '=', value: runId }],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    try {
      const listed = await getJson(info.urls.replicas['replica-b'], silences);
      expect(listed.silences).toContainEqual(
        expect.objectContaining({ id, state: 'active' }),
      );
    } finally {
      const expired = await api(
        info.urls.replicas['replica-b'],
        `${silences}/${id}`,
        { method: 'DELETE' },
      );
      expect(expired.status).toBe(204);
    }
    const after = await getJson(info.urls.replicas['replica-a'], silences);
    expect(after.silences).not.toContainEqual(
      expect.objectContaining({ id, state: 'active' }),
    );
  }, 30_000);

  it('retries a GET a hung replica never answered on the other, and never resends a POST', async () => {
    const post = (i: number) =>
      api(info.urls.lb, `${ENTITY_API}/checkout/silences`, {
        method: 'POST',
        body: JSON.stringify({
          comment: `${runId}: sent while a replica hung (${i})`,
          durationMinutes: 5,
          matchers: [{ name: 'sightline_scale_run', op: '=', value: runId }],
        }),
      });
    const range = hourEnding(40);
    const markAccess = accessLog().length;
    const markB = replicaLog('replica-b').length;
    const hung = pidOf('replica-a');
    process.kill(-hung, 'SIGSTOP');
    let statuses: number[];
    try {
      // nginx hands requests to the replicas in turn: one POST and one GET
      // each. The hung replica takes its two and never answers.
      const sent: Promise<Response>[] = [];
      for (const send of [
        () => post(1),
        () => post(2),
        () => api(info.urls.lb, range.red),
        () => api(info.urls.lb, range.breakdown),
      ]) {
        sent.push(send());
        await sleep(300);
      }
      statuses = (await Promise.all(sent)).map(r => r.status);
    } finally {
      process.kill(-hung, 'SIGCONT');
    }
    await settle();
    const a = `127.0.0.1:${portOf('replica-a')}`;
    const b = `127.0.0.1:${portOf('replica-b')}`;
    const handled = accessLog().slice(markAccess);
    try {
      // The GET the hung replica took was answered by the other one.
      expect(statuses.slice(2)).toEqual([200, 200]);
      expect(
        handled.filter(h => h.method === 'GET').map(h => h.upstream),
      ).toContain(`${a}, ${b}`);
      // The POST it took timed out, and the other replica never saw it: it
      // may have taken effect where it was sent.
      expect(statuses.slice(0, 2).sort()).toEqual([201, 504]);
      expect(
        handled.find(h => h.method === 'POST' && h.status === 504)?.upstream,
      ).toBe(a);
      const postsToB = replicaLog('replica-b')
        .slice(markB)
        .filter(
          l =>
            l.type === 'incomingRequest' &&
            l.method === 'POST' &&
            l.url.endsWith('/checkout/silences'),
        );
      expect(postsToB).toHaveLength(1);
    } finally {
      const all: any[] = await (
        await fetch(`${info.telemetry.alertmanager}/api/v2/silences`)
      ).json();
      for (const silence of all.filter(
        x => x.comment.includes(runId) && x.status.state !== 'expired',
      )) {
        await fetch(
          `${info.telemetry.alertmanager}/api/v2/silence/${silence.id}`,
          {
            method: 'DELETE',
          },
        );
      }
    }
  }, 90_000);

  it('collates search documents on one replica per interval', async () => {
    const intervalMs = 15_000;
    const bothReadyAt =
      Date.parse(info.startedAt) + info.startup['replica-bMs'];
    await waitFor(
      'four collator runs with both replicas up',
      () =>
        collatorRuns().filter(run => run.start > bothReadyAt).length >= 4 ||
        undefined,
      150_000,
    );
    // A running task has no next slot yet (startsAt is absent while it
    // runs); collating now reads each service's dependencies too, so
    // catching one running is common: read between runs.
    const { startsAt } = await waitFor(
      'the collator between runs, its next slot set',
      async () => {
        const state = await collatorState();
        return state.startsAt ? state : undefined;
      },
      60_000,
    );
    const runs = collatorRuns();
    // Runs never overlap, on one replica or two.
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i].start).toBeGreaterThan(runs[i - 1].end);
    }
    // Each run moves the next one's slot at least an interval on from the
    // first slot (the first replica's start plus the initial delay), so
    // there are no more runs than slots so far, plus one going on.
    const firstSlot = Date.parse(info.startedAt) + 90_000;
    const slots = Math.floor((Date.parse(startsAt!) - firstSlot) / intervalMs);
    expect(runs.length).toBeLessThanOrEqual(slots + 1);
    // Each run finished once (one may still be going on).
    const collated = REPLICAS.map(collatedLines).reduce((a, b) => a + b);
    expect(runs.length - collated).toBeGreaterThanOrEqual(0);
    expect(runs.length - collated).toBeLessThanOrEqual(1);
    figures.collator = {
      runs: runs.length,
      slots,
      byReplica: Object.fromEntries(
        REPLICAS.map(r => [r, runs.filter(run => run.replica === r).length]),
      ),
    };
  }, 180_000);

  it('serves 50 viewers over both replicas for at most twice the Prometheus requests of one', async () => {
    // A viewer's Overview: the RED panels, through the load balancer.
    const overview = (range: ReturnType<typeof hourEnding>) =>
      Promise.all(
        [range.red, range.breakdown].map(r => getJson(info.urls.lb, r)),
      );
    const one = hourEnding(20);
    await quietMoment();
    const mark = proxyRequests().length;
    await overview(one);
    await settle();
    const oneViewer = proxyRequests().slice(mark).filter(one.asked).length;

    const many = hourEnding(30);
    const markMany = proxyRequests().length;
    const markAccess = accessLog().length;
    await Promise.all(Array.from({ length: 50 }, () => overview(many)));
    await settle();
    const fiftyViewers = proxyRequests().slice(markMany).filter(many.asked);
    const servedBy = new Set(
      accessLog()
        .slice(markAccess)
        .map(a => a.upstream),
    );

    expect(oneViewer).toBeGreaterThan(0);
    expect(fiftyViewers.length).toBeLessThanOrEqual(2 * oneViewer);
    for (const replica of REPLICAS) {
      expect(servedBy).toContain(`127.0.0.1:${portOf(replica)}`);
    }
    figures.viewers = {
      oneViewer,
      fiftyViewers: fiftyViewers.length,
      ratio: fiftyViewers.length / oneViewer,
      byReplica: Object.fromEntries(
        REPLICAS.map(r => [
          r,
          fiftyViewers.filter(x => x.replica === r).length,
        ]),
      ),
    };
  }, 90_000);

  it('records SLO history on one replica per run, each day written once', async () => {
    // The first run is the scheduled one, two minutes after the first
    // replica registered the task; the second is triggered.
    await waitFor(
      'the first scheduled SLO history run',
      async () => (await recorderState(info.urls.lb)).lastRunEndedAt,
      240_000,
    );
    const writesOfFirst = await historyWrites();
    const firstRuns = recorderRuns();
    expect(firstRuns).toHaveLength(1);
    const askedBeforeTrigger = proxyRequests().filter(recorderAsked).length;
    await triggerRecorder(info.urls.lb);
    const writes = await historyWrites();
    const runs = [...firstRuns, ...recorderRunsSince(firstRuns)];
    expect(runs).toHaveLength(2);

    const runWrites = [writesOfFirst, writes.slice(writesOfFirst.length)];
    runs.forEach((run, i) => {
      expect(run.days).toBeGreaterThan(0);
      // Written by the replica that ran it, and each day once.
      expect(runWrites[i].map(w => w.writer)).toEqual(
        Array(run.days).fill(run.replica),
      );
      expect(new Set(runWrites[i].map(rowKey)).size).toBe(run.days);
    });
    // Each run's Prometheus requests came from its replica alone. The
    // second asks what the first asked moments ago: Redis may answer it all.
    const asked = proxyRequests().filter(recorderAsked);
    const askedPerRun = [
      asked.slice(0, askedBeforeTrigger),
      asked.slice(askedBeforeTrigger),
    ];
    expect(askedPerRun[0].length).toBeGreaterThan(0);
    runs.forEach((run, i) =>
      expect(askedPerRun[i].filter(r => r.replica !== run.replica)).toEqual([]),
    );
    figures.recorder = {
      runs: runs.map(r => `${r.replica}: ${r.days} days written`),
      prometheusRequests: askedPerRun.map(a => a.length),
    };
  }, 300_000);

  it('loses no request and no history when a replica is killed and PostgreSQL restarts under load', async () => {
    const loadFile = path.join(logDir(), `load-${runId}.jsonl`);
    const loadStart = Date.now();
    const load = new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          path.join(SCALE_DIR, 'load.mjs'),
          '--url',
          info.urls.lb,
          '--token',
          token,
          '--duration',
          '60',
          '--connections',
          '20',
          '--out',
          loadFile,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', d => (out += d));
      child.stderr.on('data', d => (out += d));
      child.on('exit', code =>
        code === 0 ? resolve(out) : reject(new Error(`load.mjs: ${out}`)),
      );
    });

    // 10 s in, kill the replica that has just finished a collator run: the
    // next run is due on the other one, which is the one left.
    const collated = (r: Replica) =>
      replicaLog(r).filter(
        l => l.message === 'Collated observability documents',
      ).length;
    await sleep(10_000);
    const collatedBefore = REPLICAS.map(collated);
    const victim = await waitFor(
      'a collator run to finish under load',
      () => REPLICAS.find((r, i) => collated(r) > collatedBefore[i]),
      20_000,
    );
    const survivor = REPLICAS.find(r => r !== victim)!;
    const survivorPid = pidOf(survivor);
    const killedAt = Date.now();
    process.kill(-pidOf(victim), 'SIGKILL');

    // 35 s in, PostgreSQL restarts. The days the recorder would have
    // written while it was away: the last three, gone from the table.
    await sleep(Math.max(0, loadStart + 34_000 - Date.now()));
    const rowsBefore = await history();
    const lastDays = [...new Set(rowsBefore.map(r => r.day))].sort().slice(-3);
    await sql(
      `DELETE FROM slo_daily_counts WHERE day IN (${lastDays
        .map(d => `'${d}'`)
        .join(', ')}) RETURNING 1`,
    );
    const restart = await scale<{
      stoppingAt: number;
      stoppedAt: number;
      startedAt: number;
    }>('restart-postgres', '5000');
    // The backend reconnects on its own: the first read of the task table
    // that works.
    const recoveredAt = await waitFor(
      'the survivor to reach PostgreSQL again',
      async () =>
        (
          await api(
            info.urls.lb,
            '/api/observability/.backstage/scheduler/v1/tasks',
          )
        ).ok
          ? Date.now()
          : undefined,
      60_000,
    );
    // Scheduled work moved: the recorder runs on the survivor and writes
    // the missed days again.
    const runsBefore = recorderRuns();
    const writesBefore = (await historyWrites()).length;
    await triggerRecorder(info.urls.lb);
    expect(recorderRunsSince(runsBefore).map(r => r.replica)).toEqual([
      survivor,
    ]);
    const catchUp = (await historyWrites()).slice(writesBefore);
    expect(new Set(catchUp.map(w => w.writer))).toEqual(new Set([survivor]));
    expect(catchUp.map(rowKey)).toEqual(
      expect.arrayContaining(
        rowsBefore.filter(r => lastDays.includes(r.day)).map(rowKey),
      ),
    );
    const summary = JSON.parse((await load).trim().split('\n').pop()!);
    const loadEnd = Date.now();

    // Nothing lost: every row as it was, the deleted days written again.
    expect(await history()).toEqual(rowsBefore);
    // The survivor never restarted.
    expect((await scale<Status>('status')).processes).toContainEqual({
      name: survivor,
      pid: survivorPid,
      alive: true,
    });
    // The collator runs on the survivor alone after the kill, and again
    // once the database is back.
    const collatorAfter = await waitFor(
      'a collator run after the database came back',
      () => {
        const runs = collatorRuns().filter(run => run.start > killedAt);
        return runs.some(run => run.start > recoveredAt) ? runs : undefined;
      },
      150_000,
    );
    expect(new Set(collatorAfter.map(run => run.replica))).toEqual(
      new Set([survivor]),
    );

    // Requests: none failed around the kill, nor once the database was back.
    const answers = jsonLines<{
      t: number;
      status?: number;
      ms?: number;
      error?: string;
    }>(loadFile);
    const phase = (from: number, to: number) => {
      const within = answers.filter(a => a.t >= from && a.t < to);
      return {
        requests: within.length,
        failed: within.filter(a => a.error || (a.status ?? 0) >= 400).length,
        p95: percentile(
          within.filter(a => a.ms !== undefined).map(a => a.ms!),
          0.95,
        ),
      };
    };
    const phases = {
      before: phase(loadStart + 2000, killedAt),
      duringKill: phase(killedAt, killedAt + 5000),
      afterKill: phase(killedAt + 5000, restart.stoppingAt),
      postgresDown: phase(restart.stoppingAt, recoveredAt),
      afterRestart: phase(recoveredAt + 5000, loadEnd),
    };
    figures.failover = {
      victim,
      killedAtS: (killedAt - loadStart) / 1000,
      postgresStoppedAtS: (restart.stoppingAt - loadStart) / 1000,
      summary,
      phases,
      p95Ratios: {
        duringKill: phases.duringKill.p95 / phases.before.p95,
        afterKill: phases.afterKill.p95 / phases.before.p95,
        afterRestart: phases.afterRestart.p95 / phases.before.p95,
      },
      postgres: {
        downMs: restart.startedAt - restart.stoppedAt,
        recoveredMsAfterStart: recoveredAt - restart.startedAt,
      },
      collatorRunsOnSurvivor: collatorAfter.length,
      restoredDays: lastDays,
    };
    for (const name of [
      'before',
      'duringKill',
      'afterKill',
      'afterRestart',
    ] as const) {
      expect(phases[name].requests).toBeGreaterThan(0);
      expect({ phase: name, failed: phases[name].failed }).toEqual({
        phase: name,
        failed: 0,
      });
    }
  }, 420_000);
});
