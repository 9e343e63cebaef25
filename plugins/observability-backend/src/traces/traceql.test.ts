import { auditTraceQL } from '../__testUtils__/traceqlAudit';
import { buildTraceQL } from './traceql';

describe('buildTraceQL', () => {
  it('puts every condition on one span of the service', () => {
    expect(buildTraceQL('checkout', {})).toBe(
      '{ resource.service.name = "checkout" }',
    );
    expect(
      buildTraceQL('checkout', {
        status: 'error',
        minDurationMs: 250,
        operation: 'POST /api/checkout',
      }),
    ).toBe(
      '{ resource.service.name = "checkout" && status = error && duration >= 250ms && name = "POST /api/checkout" }',
    );
    expect(buildTraceQL('checkout', { status: 'ok' })).toContain(
      '&& status != error',
    );
  });

  it.each([
    '" } || { resource.service.name != "',
    'x" && true || "',
    '\\" } | count() > 0 | { "',
    'line\nbreak',
    '日本語 🚀 \\',
    'a'.repeat(2_000),
  ])('keeps %j a string value', value => {
    const query = buildTraceQL(value, { operation: value });
    expect(auditTraceQL(query)).toEqual([
      { attribute: 'resource.service.name', op: '=', value, quoted: true },
      { attribute: 'name', op: '=', value, quoted: true },
    ]);
  });
});
