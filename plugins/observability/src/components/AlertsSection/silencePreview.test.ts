import { EntityAlert } from '@sightline/plugin-observability-common';
import { previewSilence } from './silencePreview';

const alert = (
  name: string,
  state: EntityAlert['state'],
  labels: Record<string, string> = {},
): EntityAlert => ({
  name,
  state,
  labels: {
    alertname: name,
    namespace: 'shop',
    service: 'payments',
    ...labels,
  },
  startsAt: '2026-11-22T02:17:44.409Z',
  silencedBy: state === 'silenced' ? ['s1'] : [],
  source: state === 'pending' ? 'prometheus' : 'alertmanager',
});

const alerts = [
  alert('HighErrorRate', 'firing', { severity: 'critical' }),
  alert('HighLatency', 'firing', { severity: 'warning', route: '/pay' }),
  alert('SloBurn', 'pending', { severity: 'critical' }),
  alert('DiskFull', 'silenced'),
  alert('Downstream', 'inhibited'),
];
const entity = [
  { name: 'namespace', op: '=', value: 'shop' },
  { name: 'service', op: '=', value: 'payments' },
] as const;
const names = (list: EntityAlert[]) => list.map(a => a.name);

describe('previewSilence', () => {
  it('splits what a silence of every alert mutes now, already, and later', () => {
    expect(previewSilence(alerts, [...entity])).toEqual({
      mutesNow: [alerts[0], alerts[1]],
      alreadyMuted: [alerts[3], alerts[4]],
      pending: [alerts[2]],
    });
  });

  it('matches = and != exactly, and a missing label as empty', () => {
    const preview = previewSilence(alerts, [
      ...entity,
      { name: 'alertname', op: '=', value: 'HighErrorRate' },
    ]);
    expect('mutesNow' in preview && names(preview.mutesNow)).toEqual([
      'HighErrorRate',
    ]);
    const notWarning = previewSilence(alerts, [
      { name: 'severity', op: '!=', value: 'warning' },
    ]);
    // DiskFull has no severity label: empty, which is not "warning".
    expect(
      'mutesNow' in notWarning && [
        ...names(notWarning.mutesNow),
        ...names(notWarning.alreadyMuted),
      ],
    ).toEqual(['HighErrorRate', 'DiskFull', 'Downstream']);
    const noRoute = previewSilence(alerts, [
      { name: 'route', op: '=', value: '' },
    ]);
    expect('mutesNow' in noRoute && names(noRoute.mutesNow)).toEqual([
      'HighErrorRate',
    ]);
  });

  it('anchors =~ and !~ at both ends', () => {
    const high = previewSilence(alerts, [
      { name: 'alertname', op: '=~', value: 'High' },
    ]);
    expect('mutesNow' in high && high.mutesNow).toEqual([]);
    const highAny = previewSilence(alerts, [
      { name: 'alertname', op: '=~', value: 'High.*' },
    ]);
    expect('mutesNow' in highAny && names(highAny.mutesNow)).toEqual([
      'HighErrorRate',
      'HighLatency',
    ]);
    const notLatency = previewSilence(alerts, [
      { name: 'alertname', op: '!~', value: 'Latency|High' },
    ]);
    expect('mutesNow' in notLatency && names(notLatency.mutesNow)).toEqual([
      'HighErrorRate',
      'HighLatency',
    ]);
    const severe = previewSilence(alerts, [
      { name: 'severity', op: '=~', value: '(?i)CRITICAL' },
    ]);
    expect(
      'mutesNow' in severe && [
        ...names(severe.mutesNow),
        ...names(severe.pending),
      ],
    ).toEqual(['HighErrorRate', 'SloBurn']);
  });

  it('names the matcher whose regex only Alertmanager can evaluate', () => {
    expect(
      previewSilence(alerts, [
        ...entity,
        { name: 'route', op: '=~', value: '(?P<p>/pay)' },
      ]),
    ).toEqual({ unknown: 'route=~"(?P<p>/pay)"' });
  });
});
