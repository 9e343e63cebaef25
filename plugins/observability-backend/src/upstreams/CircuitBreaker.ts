/**
 * Stops sending requests to an upstream that keeps failing, so a dead
 * Prometheus costs each viewer one fast error instead of a full timeout, and
 * lets one trial request through after a cool-down to notice recovery.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private lastError = '';
  private trialInFlight = false;

  constructor(
    private readonly options: {
      /** Consecutive failures that open the circuit. */
      failureThreshold: number;
      /** How long the circuit stays open before a trial request. */
      coolDownMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.consecutiveFailures < this.options.failureThreshold)
      return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /**
   * Whether a request may go out now. In the half-open state exactly one
   * trial request is let through; the rest are refused until it settles.
   */
  tryAcquire():
    | { allowed: true }
    | { allowed: false; retryAt: number; lastError: string } {
    const state = this.state;
    if (state === 'closed') return { allowed: true };
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAt: Math.max(this.openUntil, this.now() + 1000),
      lastError: this.lastError,
    };
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.trialInFlight = false;
  }

  recordFailure(error: string): void {
    this.consecutiveFailures += 1;
    this.lastError = error;
    this.trialInFlight = false;
    if (this.consecutiveFailures >= this.options.failureThreshold) {
      this.openUntil = this.now() + this.options.coolDownMs;
    }
  }
}
