import { normaliseLogLevel, parseLogLine } from './logParsing';

describe('parseLogLine', () => {
  it('reads the demo workload JSON lines', () => {
    // e2e/workload/README.md: one JSON line per request.
    const line =
      '{"ts":"2026-11-21T23:50:30.749Z","level":"warn","msg":"payments answered 503, retrying (attempt 1/3)","service":"checkout","route":"/api/checkout","method":"POST","status":503,"duration_ms":20.028,"trace_id":"88CBD7FF89E82E8031FFEB1D9F90FE38","span_id":"1fde485d20bf4c53"}';
    expect(parseLogLine(line)).toEqual({
      format: 'json',
      level: 'warn',
      traceId: '88cbd7ff89e82e8031ffeb1d9f90fe38',
      spanId: '1fde485d20bf4c53',
      fields: {
        ts: '2026-11-21T23:50:30.749Z',
        level: 'warn',
        msg: 'payments answered 503, retrying (attempt 1/3)',
        service: 'checkout',
        route: '/api/checkout',
        method: 'POST',
        status: '503',
        duration_ms: '20.028',
        trace_id: '88CBD7FF89E82E8031FFEB1D9F90FE38',
        span_id: '1fde485d20bf4c53',
      },
    });
  });

  it('flattens nested JSON and reads other level spellings', () => {
    const parsed = parseLogLine(
      '{"severity":"WARNING","log":{"origin":{"file":"a.go"}},"tags":["x"],"otelTraceID":"0123456789abcdef"}',
    );
    expect(parsed.level).toBe('warn');
    expect(parsed.traceId).toBe('0123456789abcdef');
    expect(parsed.fields).toMatchObject({
      'log.origin.file': 'a.go',
      tags: '["x"]',
    });
    expect(parseLogLine('{"level":50,"msg":"pino"}').level).toBe('error');
  });

  it('reads logfmt, as Go services and Loki itself write it', () => {
    const parsed = parseLogLine(
      'level=error ts=2026-11-21T23:50:30Z msg="sending failed: \\"timeout\\"" traceID=88cbd7ff89e82e8031ffeb1d9f90fe38',
    );
    expect(parsed).toMatchObject({
      format: 'logfmt',
      level: 'error',
      traceId: '88cbd7ff89e82e8031ffeb1d9f90fe38',
      fields: { msg: 'sending failed: "timeout"', ts: '2026-11-21T23:50:30Z' },
    });
  });

  it('falls back to the labels, then to a level word in plain text', () => {
    expect(parseLogLine('something happened', { level: 'ERR' }).level).toBe(
      'error',
    );
    expect(parseLogLine('2026-11-21 23:50:30 [WARN] disk 91% full').level).toBe(
      'warn',
    );
    // "error" in prose is not a level.
    expect(parseLogLine('no error this time').level).toBe('unknown');
    expect(parseLogLine('a=b plain text').format).toBe('text');
  });

  it('finds trace ids in text and in a traceparent', () => {
    expect(
      parseLogLine('handled request trace_id=88cbd7ff89e82e8031ffeb1d9f90fe38')
        .traceId,
    ).toBe('88cbd7ff89e82e8031ffeb1d9f90fe38');
    expect(
      parseLogLine(
        'outgoing traceparent: 00-88cbd7ff89e82e8031ffeb1d9f90fe38-1fde485d20bf4c53-01',
      ),
    ).toMatchObject({
      traceId: '88cbd7ff89e82e8031ffeb1d9f90fe38',
      spanId: '1fde485d20bf4c53',
    });
    // Not an id: too long, or not hex.
    expect(
      parseLogLine('trace_id=88cbd7ff89e82e8031ffeb1d9f90fe38ff').traceId,
    ).toBeUndefined();
    expect(parseLogLine('{"trace_id":"not-hex"}').traceId).toBeUndefined();
  });

  it('never throws, whatever the line', () => {
    for (const line of [
      '',
      '{',
      '{"a":',
      '[1,2]',
      'null',
      '"} or vector(1) or {',
      '\u0000\u202e',
      '日本語 🚀',
      'x'.repeat(100_000),
      `{"deep":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`,
    ]) {
      expect(() => parseLogLine(line)).not.toThrow();
    }
  });
});

describe('normaliseLogLevel', () => {
  it('maps aliases and refuses the rest', () => {
    expect(normaliseLogLevel('Critical')).toBe('fatal');
    expect(normaliseLogLevel('information')).toBe('info');
    expect(normaliseLogLevel('dbg')).toBe('debug');
    expect(normaliseLogLevel(10)).toBe('trace');
    expect(normaliseLogLevel('verbose')).toBeUndefined();
    expect(normaliseLogLevel(undefined)).toBeUndefined();
  });
});
