import {
  AlertsResponse,
  EntityAlert,
  EntitySlosResponse,
} from '@sightline/plugin-observability-common';
import { burningAvailability } from '../../__testUtils__/burningSlo';
import recorded from '../SlosSection/__fixtures__/checkout-slos.json';
import { isPageAlert, serviceAttention } from './serviceAttention';

const calmSlos = recorded as unknown as EntitySlosResponse;

function alert(
  name: string,
  state: EntityAlert['state'],
  severity?: string,
  labels: Record<string, string> = {},
): EntityAlert {
  return {
    name,
    state,
    severity,
    labels: { alertname: name, ...labels },
    startsAt: '2026-11-22T01:00:00Z',
    silencedBy: state === 'silenced' ? ['s1'] : [],
    source: 'alertmanager',
  };
}

function alerts(...list: EntityAlert[]): AlertsResponse {
  return {
    entityRef: 'component:default/payments',
    matchers: [],
    alerts: list,
    rules: [],
    errors: [],
  };
}

describe('isPageAlert', () => {
  it.each([
    [alert('A', 'firing', 'critical'), true],
    [alert('A', 'firing', 'Page'), true],
    [alert('A', 'firing', undefined, { sloth_severity: 'page' }), true],
    [alert('A', 'firing', 'warning'), false],
    [alert('A', 'firing', 'warning', { sloth_severity: 'ticket' }), false],
    [alert('A', 'firing'), false],
  ])('%j pages: %s', (a, pages) => {
    expect(isPageAlert(a)).toBe(pages);
  });
});

describe('serviceAttention', () => {
  it('wants attention for a firing page alert and a burning SLO, counting only what fires', () => {
    const burning = burningAvailability();
    const attention = serviceAttention(
      alerts(
        alert('LatencyHigh', 'firing', 'warning'),
        alert('PaymentsAvailabilityErrorBudgetBurn', 'firing', 'critical'),
        alert('PaymentsAvailabilityErrorBudgetBurn', 'firing', 'critical'),
        alert('Queued', 'pending', 'critical'),
        alert('Muted', 'silenced', 'critical'),
      ),
      { ...calmSlos, slos: [...calmSlos.slos, burning] },
    );
    // Most severe first; pending and silenced alerts are not firing.
    expect(attention.firing.map(a => a.name)).toEqual([
      'PaymentsAvailabilityErrorBudgetBurn',
      'PaymentsAvailabilityErrorBudgetBurn',
      'LatencyHigh',
    ]);
    expect(attention.paging).toHaveLength(2);
    expect(attention.burning.map(b => b.slo)).toEqual([burning]);
    // The burning SLO leads, although checkout's have less budget left.
    expect(attention.slos[0].slo).toBe(burning);
    expect(attention.needsAttention).toBe(true);
    expect(attention.alertsBadge).toEqual({
      count: 3,
      tone: 'error',
      description: '3 alerts firing',
    });
    expect(attention.slosBadge).toEqual({
      count: 1,
      tone: 'error',
      description: '1 SLO burning',
    });
  });

  it('badges the Alerts tab but shows no strip for alerts that do not page', () => {
    const attention = serviceAttention(
      alerts(alert('LatencyHigh', 'firing', 'warning')),
      calmSlos,
    );
    expect(attention.needsAttention).toBe(false);
    expect(attention.alertsBadge).toEqual({
      count: 1,
      tone: 'warning',
      description: '1 alert firing',
    });
    expect(attention.slosBadge).toBeUndefined();
  });

  it('wants nothing while the answers are still missing', () => {
    expect(serviceAttention(undefined, undefined)).toEqual({
      firing: [],
      paging: [],
      slos: [],
      burning: [],
      needsAttention: false,
      alertsBadge: undefined,
      slosBadge: undefined,
    });
  });
});
