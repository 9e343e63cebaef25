import { formatChange, formatMs, formatPercent, formatRate } from './format';

describe('format', () => {
  it.each([
    [0.4, '0.4 ms'],
    [38.2, '38 ms'],
    [999.4, '999 ms'],
    [999.6, '1 s'],
    [1250, '1.25 s'],
    [150_000, '2.5 min'],
    [NaN, '–'],
    [null, '–'],
  ])('formatMs(%p) is %p', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it.each([
    [0.0003, '0.03 %'],
    [0.00000123, '0.0001 %'],
    [0.2, '20 %'],
    [0, '0 %'],
    [undefined, '–'],
  ])('formatPercent(%p) is %p', (ratio, text) => {
    expect(formatPercent(ratio)).toBe(text);
  });

  it.each([
    [5.9261, '5.926 req/s'],
    [123.45, '123.5 req/s'],
    [Infinity, '–'],
  ])('formatRate(%p) is %p', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });

  it('states change against the previous period, and nothing without one', () => {
    expect(formatChange(6, 5)).toBe('+20 %');
    expect(formatChange(4.9, 5)).toBe('-2 %');
    expect(formatChange(232.2, 232.1)).toBe('0 %');
    expect(formatChange(232.1, 232.2)).toBe('0 %');
    expect(formatChange(1, 0)).toBeUndefined();
    expect(formatChange(1, null)).toBeUndefined();
  });

  it('builds each number format once, however many values it writes', () => {
    // A chart writes every tick and tooltip row; building the format each
    // time was a good part of the Overview's long tasks.
    const built = jest.spyOn(Intl, 'NumberFormat');
    for (let i = 0; i < 50; i++) {
      formatRate(i / 7);
      formatPercent(i / 700);
      formatMs(i * 37);
    }
    expect(built.mock.calls.length).toBeLessThanOrEqual(6);
    built.mockRestore();
  });
});
