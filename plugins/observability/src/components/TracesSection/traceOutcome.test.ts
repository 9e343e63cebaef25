import { traceSummary } from './__fixtures__/trace';
import { traceOutcome } from './TraceScatter';

describe('traceOutcome', () => {
  it('follows the root span, and marks failures only under a root known to succeed', () => {
    const outcome = (status: typeof traceSummary.status, errorCount: number) =>
      traceOutcome({ ...traceSummary, status, errorCount });
    expect(outcome('error', 1)).toBe('error');
    expect(outcome('ok', 2)).toBe('has-errors');
    expect(outcome('ok', 0)).toBe('ok');
    // The root span was not read: that it succeeded is not known either.
    expect(outcome('unknown', 1)).toBe('unknown');
  });
});
