/**
 * The budget-adjustment routes: listing every source's adjustments with
 * their periods, and creating and deleting stored ones, which needs
 * observability.slo.adjust for the entity (asked with its ref, so policies
 * can grant it to owners) and a body whose every field means something.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  SloAdjustment,
  SloAdjustmentsResponse,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { shopComponent } from '../../__testUtils__/entities';
import { startObservabilityBackend } from '../../__testUtils__/localStackBackend';

const ADJUSTMENTS =
  '/api/observability/entities/component/default/checkout/slo-adjustments';
const RANGE = { from: '2026-11-01T00:00:00Z', to: '2026-11-22T00:00:00Z' };

const CHECKOUT = shopComponent('checkout', {
  'sightline.dev/slo-availability': '99.9',
  'sightline.dev/slo-adjustments': `
- name: weekly-db-maintenance
  reason: Weekly database maintenance
  start: 2026-11-01T02:00:00Z
  duration: 1h
  rrule: FREQ=WEEKLY;BYDAY=SU
- name: broken
  reason: Starts never
  start: yesterday
  duration: 1h
`,
});

describe('SLO budget adjustment routes', () => {
  const asked: { permission: string; resourceRef?: string }[] = [];

  async function startBackend(
    decision: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
    sloAdjustments?: unknown[],
  ) {
    asked.length = 0;
    const permissions = mockServices.permissions.mock({
      async authorize(requests) {
        for (const r of requests) {
          asked.push({
            permission: r.permission.name,
            resourceRef: r.resourceRef,
          });
        }
        return requests.map(() => ({ result: decision })) as any;
      },
    });
    const { server } = await startObservabilityBackend({
      entities: [CHECKOUT],
      observability: {
        clusters: [{ name: 'local' }],
        ...(sloAdjustments ? { sloAdjustments } : {}),
      } as any,
      features: [permissions.factory],
    });
    return server;
  }

  it('lists declared and configured adjustments with their periods, and refused declarations naming their field', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW, [
      {
        name: 'cluster-upgrade',
        reason: 'Kubernetes upgrade of the shop system',
        start: '2026-11-10T20:00:00Z',
        end: '2026-11-10T23:00:00Z',
        systems: ['shop'],
      },
      {
        name: 'elsewhere',
        reason: 'Another system',
        start: '2026-11-10T20:00:00Z',
        duration: '1h',
        systems: ['billing'],
      },
    ]);
    const res = await request(server).get(ADJUSTMENTS).query(RANGE);
    expect(res.status).toBe(200);
    const body: SloAdjustmentsResponse = res.body;
    expect(body.adjustments.map(a => `${a.id} ${a.source}`)).toEqual([
      'entity:weekly-db-maintenance entity',
      'config:cluster-upgrade config',
    ]);
    expect(body.periods).toEqual([
      period('entity:weekly-db-maintenance', '2026-11-01T02:00', '03:00'),
      period('entity:weekly-db-maintenance', '2026-11-08T02:00', '03:00'),
      period('config:cluster-upgrade', '2026-11-10T20:00', '23:00'),
      period('entity:weekly-db-maintenance', '2026-11-15T02:00', '03:00'),
    ]);
    expect(body.problems).toEqual([
      expect.objectContaining({
        field: 'sightline.dev/slo-adjustments[1].start',
        message: expect.stringContaining('"yesterday" is not an ISO 8601'),
      }),
    ]);
  });

  it('refuses creating and deleting without observability.slo.adjust for the entity', async () => {
    const server = await startBackend(AuthorizeResult.DENY);
    const created = await request(server).post(ADJUSTMENTS).send({
      reason: 'Maintenance',
      start: '2026-11-10T20:00:00Z',
      duration: '1h',
    });
    expect(created.status).toBe(403);
    expect(created.body.error.message).toContain('observability.slo.adjust');
    const deleted = await request(server).delete(
      `${ADJUSTMENTS}/0f9e2a1c-5b7d-4e3a-9c8b-1a2b3c4d5e6f`,
    );
    expect(deleted.status).toBe(403);
    expect(asked).toEqual([
      {
        permission: 'observability.slo.adjust',
        resourceRef: 'component:default/checkout',
      },
      {
        permission: 'observability.slo.adjust',
        resourceRef: 'component:default/checkout',
      },
    ]);
    const listed = await request(server).get(ADJUSTMENTS).query(RANGE);
    expect(listed.body.adjustments).toHaveLength(1);
  });

  it('stores an owner adjustment with who created it, lists it, and deletes it', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    const created = await request(server)
      .post(ADJUSTMENTS)
      .send({
        reason: 'Load test against production',
        start: '2026-11-12T10:00:00Z',
        end: '2026-11-12T10:30:00Z',
        slos: ['availability'],
      });
    expect(created.status).toBe(201);
    const adjustment: SloAdjustment = created.body;
    expect(adjustment).toMatchObject({
      source: 'stored',
      reason: 'Load test against production',
      start: '2026-11-12T10:00:00.000Z',
      durationMs: 30 * 60_000,
      sloIds: ['availability'],
      createdBy: 'user:default/mock',
    });

    const listed: SloAdjustmentsResponse = (
      await request(server).get(ADJUSTMENTS).query(RANGE)
    ).body;
    expect(listed.adjustments.map(a => a.id)).toContain(adjustment.id);
    expect(listed.periods).toContainEqual(
      period(adjustment.id, '2026-11-12T10:00', '10:30'),
    );

    const deleted = await request(server).delete(
      `${ADJUSTMENTS}/${adjustment.id}`,
    );
    expect(deleted.status).toBe(204);
    const after: SloAdjustmentsResponse = (
      await request(server).get(ADJUSTMENTS).query(RANGE)
    ).body;
    expect(after.adjustments.map(a => a.id)).not.toContain(adjustment.id);
    const again = await request(server).delete(
      `${ADJUSTMENTS}/${adjustment.id}`,
    );
    expect(again.status).toBe(404);
    const declared = await request(server).delete(
      `${ADJUSTMENTS}/entity:weekly-db-maintenance`,
    );
    expect(declared.status).toBe(400);
    expect(declared.body.error.message).toMatch(/declared in the entity/);
  });

  it.each([
    [
      'an end before its start',
      { start: '2026-11-12T10:00:00Z', end: '2026-11-12T09:00:00Z' },
      "'end' must be after start",
    ],
    [
      'both end and duration',
      {
        start: '2026-11-12T10:00:00Z',
        end: '2026-11-12T11:00:00Z',
        duration: '1h',
      },
      "'end' and duration are exclusive",
    ],
    [
      'a local time',
      { start: '2026-11-12T10:00:00', duration: '1h' },
      '\'start\' "2026-11-12T10:00:00" is not an ISO 8601 instant',
    ],
    [
      'no length',
      { start: '2026-11-12T10:00:00Z' },
      "'end' or duration is required",
    ],
    [
      'a duration of 40 days',
      { start: '2026-11-12T10:00:00Z', duration: '40d' },
      "'duration' excludes 40d",
    ],
    [
      'an RRULE the engine cannot read',
      {
        start: '2026-11-12T10:00:00Z',
        duration: '1h',
        rrule: 'FREQ=WEEKLY;BYDAY=XX',
      },
      '\'rrule\' "FREQ=WEEKLY;BYDAY=XX" has an invalid BYWEEKDAY value',
    ],
    [
      'a recurrence every minute',
      { start: '2026-11-12T10:00:00Z', duration: '1h', rrule: 'FREQ=MINUTELY' },
      '\'rrule\' "FREQ=MINUTELY" recurs more often than hourly',
    ],
    [
      'an RRULE with its own DTSTART',
      {
        start: '2026-11-12T10:00:00Z',
        duration: '1h',
        rrule: 'DTSTART=20261112T100000Z;FREQ=DAILY',
      },
      "'rrule' must not carry DTSTART",
    ],
    [
      'an SLO the entity does not have',
      { start: '2026-11-12T10:00:00Z', duration: '1h', slos: ['latency'] },
      "'slos' latency is not an SLO of component:default/checkout (its SLOs: availability)",
    ],
  ])('refuses %s with a 400 naming the field', async (_, body, message) => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    const res = await request(server)
      .post(ADJUSTMENTS)
      .send({ reason: 'Maintenance', ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  it('fails start-up on a bad observability.sloAdjustments entry, naming the key and the field', async () => {
    await expect(
      startBackend(AuthorizeResult.ALLOW, [
        {
          name: 'no-scope',
          reason: 'Applies to nothing',
          start: '2026-11-10T20:00:00Z',
          duration: '1h',
        },
      ]),
    ).rejects.toThrow(
      /observability\.sloAdjustments\[0\] names neither systems nor clusters/,
    );
  });
});

function period(adjustmentId: string, start: string, endTime: string) {
  return {
    adjustmentId,
    start: `${start}:00.000Z`,
    end: `${start.slice(0, 11)}${endTime}:00.000Z`,
  };
}
