import { Caller, Semaphore, TooManyRequestsError } from './Semaphore';

const user = (id: string): Caller => ({ id, priority: 'interactive' });
const service = (id: string): Caller => ({ id, priority: 'background' });

/** Tasks that run until released, recording the order they started in. */
function gatedTasks() {
  const started: string[] = [];
  const gates: (() => void)[] = [];
  return {
    started,
    task: (name: string) => () => {
      started.push(name);
      return new Promise<string>(resolve => gates.push(() => resolve(name)));
    },
    /** Lets the oldest running task finish, and what it freed start. */
    async finishOne() {
      gates.shift()!();
      await new Promise(resolve => setImmediate(resolve));
    },
  };
}

describe('Semaphore', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const semaphore = new Semaphore(3);
    let active = 0;
    let peak = 0;
    const task = async (i: number) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise(resolve => setTimeout(resolve, 5 + (i % 4)));
      active -= 1;
      return i;
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => semaphore.run(() => task(i))),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('releases its slot when a task throws', async () => {
    const semaphore = new Semaphore(1);
    await expect(
      semaphore.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'next')).resolves.toBe('next');
  });

  it('takes turns between callers with as many in flight, not first come first served', async () => {
    const semaphore = new Semaphore(1);
    const { started, task, finishOne } = gatedTasks();
    const all = [
      semaphore.run(task('a0'), user('a')),
      ...['a1', 'a2', 'a3'].map(t => semaphore.run(task(t), user('a'))),
      ...['b1', 'b2'].map(t => semaphore.run(task(t), user('b'))),
      semaphore.run(task('c1'), user('c')),
    ];
    for (let i = 0; i < 6; i++) await finishOne();
    expect(started).toEqual(['a0', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    await finishOne();
    await Promise.all(all);
  });

  it('gives a freed slot to the caller with the fewest requests in flight', async () => {
    const semaphore = new Semaphore(4);
    const { started, task, finishOne } = gatedTasks();
    // A flood holds every slot and has more waiting; a user arrives.
    const flood = Array.from({ length: 10 }, (_, i) =>
      semaphore.run(task(`flood${i}`), user('flooder')),
    );
    const page = ['red1', 'red2', 'red3'].map(t =>
      semaphore.run(task(t), user('normal')),
    );
    for (let i = 0; i < 3; i++) await finishOne();
    // The slots the flood frees go to the user until it has as many in
    // flight (first come would give them to the flood, round robin one of two).
    expect(started.slice(4)).toEqual(['red1', 'red2', 'flood4']);
    for (let i = 0; i < 10; i++) await finishOne();
    await Promise.all([...flood, ...page]);
  });

  it('runs interactive requests ahead of background ones', async () => {
    const semaphore = new Semaphore(1);
    const { started, task, finishOne } = gatedTasks();
    const all = [
      semaphore.run(task('first'), user('u')),
      semaphore.run(task('history'), service('backend')),
      semaphore.run(task('collator'), service('service:plugin:search')),
      semaphore.run(task('page'), user('u')),
      semaphore.run(task('other page'), user('v')),
    ];
    for (let i = 0; i < 4; i++) await finishOne();
    expect(started).toEqual([
      'first',
      'page',
      'other page',
      'history',
      'collator',
    ]);
    await finishOne();
    await Promise.all(all);
  });

  it("refuses a caller whose queue is full with 429 and Retry-After, and only that caller's", async () => {
    const semaphore = new Semaphore(1, {
      maxQueuedPerCaller: 2,
      name: 'Prometheus',
    });
    const { task, finishOne } = gatedTasks();
    const admitted = [
      semaphore.run(task('running'), user('a')),
      semaphore.run(task('queued 1'), user('a')),
      semaphore.run(task('queued 2'), user('a')),
    ];
    const refused = await semaphore
      .run(task('one too many'), user('a'))
      .catch(e => e);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused).toMatchObject({
      name: 'TooManyRequestsError',
      statusCode: 429,
      message: expect.stringMatching(
        /^Too many requests from a are waiting for Prometheus; retry in \d+ s$/,
      ),
      callerId: 'a',
    });
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another caller still gets a place in the queue.
    const other = semaphore.run(task('b'), user('b'));
    for (let i = 0; i < 4; i++) await finishOne();
    await expect(Promise.all([...admitted, other])).resolves.toEqual([
      'running',
      'queued 1',
      'queued 2',
      'b',
    ]);
  });

  it('estimates Retry-After from how long tasks hold their slot', async () => {
    const semaphore = new Semaphore(1, { maxQueuedPerCaller: 1 });
    await semaphore.run(
      () => new Promise(resolve => setTimeout(resolve, 1_200)),
    );
    const { task, finishOne } = gatedTasks();
    const running = semaphore.run(task('running'), user('a'));
    const queued = semaphore.run(task('queued'), user('a'));
    const refused = await semaphore
      .run(task('refused'), user('a'))
      .catch(e => e);
    // One queued task of ~1.2 s ahead: come back in about 2 s.
    expect(refused.retryAfterSeconds).toBe(2);
    await finishOne();
    await finishOne();
    await Promise.all([running, queued]);
  });
});
