import { CustomErrorBase } from '@backstage/errors';

/** Whose requests share one queue, and how urgent they are. */
export interface Caller {
  /** `user:default/guest`, `service:plugin:search`: one queue each. */
  id: string;
  /** Interactive requests (a person waiting) go ahead of background ones. */
  priority: 'interactive' | 'background';
}

/** Work outside any request: scheduled tasks such as the SLO history recorder. */
export const BACKEND_CALLER: Caller = { id: 'backend', priority: 'background' };

/**
 * A caller has as many requests waiting as it may. Backstage's error
 * handler answers it with its `statusCode`, 429; the router adds
 * `Retry-After` (see callerQueues).
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;

  constructor(
    message: string,
    readonly callerId: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * Bounds how many requests one upstream has in flight from this backend and
 * shares the slots between callers: each caller waits in a bounded queue of
 * its own; a freed slot goes to a waiting interactive caller before any
 * background one, and among those to the caller with the fewest requests in
 * flight, round-robin between equals. Pure round robin would give a user
 * with nothing running the same turn as a flood holding every slot: with
 * fewest-first, a user's cold page gets the next slots until it has as
 * many in flight as the flood.
 */
export class Semaphore {
  private active = 0;
  /** In flight per caller id. */
  private readonly running = new Map<string, number>();
  /**
   * Waiting callers per priority. A Map keeps insertion order: a served
   * caller with more waiting moves to the back, so order breaks ties fairly.
   */
  private readonly waiting: Record<
    Caller['priority'],
    Map<string, (() => void)[]>
  > = { interactive: new Map(), background: new Map() };
  /** Moving average of how long a task holds its slot, for Retry-After. */
  private averageTaskMs?: number;

  private readonly maxQueuedPerCaller: number;
  /** What the slots are for, in messages: "Prometheus of cluster 'local'". */
  private readonly name: string;

  constructor(
    private readonly limit: number,
    options: {
      /** Requests one caller may have waiting before it gets 429s; unbounded by default. */
      maxQueuedPerCaller?: number;
      name?: string;
    } = {},
  ) {
    this.maxQueuedPerCaller = options.maxQueuedPerCaller ?? Infinity;
    this.name = options.name ?? 'this upstream';
  }

  /** Runs `task` in a slot; throws TooManyRequestsError when the caller's queue is full. */
  async run<T>(
    task: () => Promise<T>,
    caller: Caller = BACKEND_CALLER,
  ): Promise<T> {
    if (this.active >= this.limit) {
      // Counted as running by next(), when it hands this caller the slot.
      await this.enqueue(caller);
    } else {
      this.active += 1;
      this.countRunning(caller.id, 1);
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.recordTaskTime(performance.now() - started);
      this.countRunning(caller.id, -1);
      const next = this.next();
      if (next) {
        next(); // hand the slot over without releasing it
      } else {
        this.active -= 1;
      }
    }
  }

  private enqueue(caller: Caller): Promise<void> {
    const queues = this.waiting[caller.priority];
    const queue = queues.get(caller.id) ?? [];
    if (queue.length >= this.maxQueuedPerCaller) {
      const seconds = this.secondsToDrain(queue.length, queues.size);
      throw new TooManyRequestsError(
        `Too many requests from ${caller.id} are waiting for ${this.name}; retry in ${seconds} s`,
        caller.id,
        seconds,
      );
    }
    if (queue.length === 0) queues.set(caller.id, queue);
    return new Promise(resolve => queue.push(resolve));
  }

  /** Interactive callers first; then the fewest in flight; then the longest waiting. */
  private next(): (() => void) | undefined {
    for (const queues of [this.waiting.interactive, this.waiting.background]) {
      let chosen: string | undefined;
      for (const id of queues.keys()) {
        if (
          chosen === undefined ||
          (this.running.get(id) ?? 0) < (this.running.get(chosen) ?? 0)
        ) {
          chosen = id;
        }
      }
      if (chosen === undefined) continue;
      const queue = queues.get(chosen)!;
      queues.delete(chosen);
      if (queue.length > 1) queues.set(chosen, queue);
      this.countRunning(chosen, 1);
      return queue.shift();
    }
    return undefined;
  }

  private countRunning(id: string, change: 1 | -1) {
    const count = (this.running.get(id) ?? 0) + change;
    if (count > 0) this.running.set(id, count);
    else this.running.delete(id);
  }

  private recordTaskTime(ms: number) {
    this.averageTaskMs =
      this.averageTaskMs === undefined
        ? ms
        : 0.8 * this.averageTaskMs + 0.2 * ms;
  }

  /**
   * About how long until a full queue of `queued` is served, sharing the
   * slots with the other `callers` waiting: when a retry may find room.
   */
  private secondsToDrain(queued: number, callers: number): number {
    const taskMs = this.averageTaskMs ?? 1_000;
    return Math.max(
      1,
      Math.ceil((queued * taskMs * callers) / this.limit / 1000),
    );
  }
}
