import { normaliseTraceId, spanKind } from './wireSpans';

describe('normaliseTraceId', () => {
  it('reads hex, base64 and trimmed hex', () => {
    expect(normaliseTraceId('B8C690F0435D95E371EB87EB9F578CB7')).toBe(
      'b8c690f0435d95e371eb87eb9f578cb7',
    );
    expect(normaliseTraceId('uMaQ8ENdleNx64frn1eMtw==')).toBe(
      'b8c690f0435d95e371eb87eb9f578cb7',
    );
    expect(normaliseTraceId('Mdv6b1bxrq4=', 'span')).toBe('31dbfa6f56f1aeae');
    expect(normaliseTraceId('d6e9329d67b6146')).toBe('0d6e9329d67b6146');
    expect(normaliseTraceId('')).toBeUndefined();
    expect(normaliseTraceId('AAAAAAAAAAA=', 'span')).toBeUndefined();
    expect(normaliseTraceId('0000000000000000', 'span')).toBeUndefined();
  });
});

describe('spanKind', () => {
  it("reads OTLP's enum numbers and names and plain names", () => {
    expect(spanKind(2)).toBe('server');
    expect(spanKind('SPAN_KIND_CLIENT')).toBe('client');
    expect(spanKind('producer')).toBe('producer');
    expect(spanKind(9)).toBe('unspecified');
    expect(spanKind('audit')).toBe('unspecified');
    expect(spanKind(undefined)).toBe('unspecified');
  });
});
