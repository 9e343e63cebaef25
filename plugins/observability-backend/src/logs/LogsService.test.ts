import { LokiStream } from '../upstreams/clients/LokiClient';
import { mergeStreams, volumeStepMs } from './LogsService';

describe('volumeStepMs', () => {
  it('chooses the smallest readable step giving at most 100 buckets', () => {
    expect(volumeStepMs({ start: 0, end: 15 * 60_000 })).toBe(15_000);
    expect(volumeStepMs({ start: 0, end: 3_600_000 })).toBe(60_000);
    expect(volumeStepMs({ start: 0, end: 86_400_000 })).toBe(900_000);
    expect(volumeStepMs({ start: 0, end: 31 * 86_400_000 })).toBe(43_200_000);
  });
});

describe('mergeStreams', () => {
  const streams: LokiStream[] = [
    {
      stream: { app: 'a' },
      values: [
        [
          '1795307441157000001',
          '{"level":"info","trace_id":"b8c690f0435d95e371eb87eb9f578cb7"}',
        ],
        ['999999999999999999', 'level=warn msg=old'],
      ] as [string, string][],
    },
    {
      stream: { app: 'b', level: 'error' },
      values: [['1795307441157000002', 'plain text']] as [string, string][],
    },
    {
      stream: { app: 'c' },
      values: [['not-a-time', 'dropped']] as [string, string][],
    },
  ];

  it('merges by exact nanosecond time, newest first, and reads each line', () => {
    const lines = mergeStreams(streams, 'backward', 10);
    expect(lines.map(l => l.timestampNs)).toEqual([
      '1795307441157000002',
      '1795307441157000001',
      '999999999999999999',
    ]);
    expect(lines[0]).toMatchObject({
      timestamp: 1795307441157,
      labels: { app: 'b', level: 'error' },
      format: 'text',
      level: 'error',
    });
    expect(lines[1]).toMatchObject({
      format: 'json',
      level: 'info',
      traceId: 'b8c690f0435d95e371eb87eb9f578cb7',
    });
    expect(lines[2]).toMatchObject({
      format: 'logfmt',
      level: 'warn',
      timestamp: 999999999999,
    });
  });

  it('keeps the oldest first going forward, up to the limit', () => {
    expect(mergeStreams(streams, 'forward', 2).map(l => l.line)).toEqual([
      'level=warn msg=old',
      '{"level":"info","trace_id":"b8c690f0435d95e371eb87eb9f578cb7"}',
    ]);
  });
});
