import { CircuitBreaker } from './CircuitBreaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () =>
    new CircuitBreaker({
      failureThreshold: 3,
      coolDownMs: 10_000,
      now: () => now,
    });

  beforeEach(() => {
    now = 1_000_000;
  });

  it('opens after consecutive failures and refuses with the last error', () => {
    const b = breaker();
    b.recordFailure('refused');
    b.recordFailure('refused');
    expect(b.tryAcquire()).toEqual({ allowed: true });
    b.recordFailure('timed out');
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toEqual({
      allowed: false,
      retryAt: now + 10_000,
      lastError: 'timed out',
    });
  });

  it('lets exactly one trial through after the cool-down and closes on success', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure('down');
    now += 10_000;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire().allowed).toBe(true);
    expect(b.tryAcquire().allowed).toBe(false);
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire().allowed).toBe(true);
  });

  it('re-opens for another cool-down when the trial fails', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.recordFailure('down');
    now += 10_000;
    expect(b.tryAcquire().allowed).toBe(true);
    b.recordFailure('still down');
    expect(b.state).toBe('open');
    now += 9_999;
    expect(b.tryAcquire().allowed).toBe(false);
  });

  it('resets the count on success', () => {
    const b = breaker();
    b.recordFailure('x');
    b.recordFailure('x');
    b.recordSuccess();
    b.recordFailure('x');
    expect(b.state).toBe('closed');
  });
});
