import { toSeries } from './RedService';

describe('toSeries', () => {
  it('gives milliseconds and five significant digits, dropping NaN and infinities', () => {
    expect(
      toSeries([
        {
          metric: { status: '200' },
          values: [
            [1_700_000_000, '0.0002960331557134399'],
            [1_700_000_015, '12345.678'],
            [1_700_000_030, 'NaN'],
            [1_700_000_045, '+Inf'],
            [1_700_000_060, '0'],
          ],
        },
      ]),
    ).toEqual([
      {
        labels: { status: '200' },
        points: [
          [1_700_000_000_000, 0.00029603],
          [1_700_000_015_000, 12346],
          [1_700_000_060_000, 0],
        ],
      },
    ]);
  });
});
