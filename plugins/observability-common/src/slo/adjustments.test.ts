import { parseSloAdjustmentList } from './adjustments';
import { parseSloDocuments } from './parseSpecs';
import { sloReportMarkdown, sloReportRow } from './burnDown';

describe('budget adjustment declarations', () => {
  it('reads one-off and recurring adjustments', () => {
    const { adjustments, problems } = parseSloAdjustmentList([
      {
        name: 'weekly-db-maintenance',
        reason: ' Weekly database maintenance ',
        start: '2026-11-01T02:00:00Z',
        duration: '1h',
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
      },
      // YAML reads an unquoted timestamp as a Date.
      {
        name: 'outage',
        reason: 'Provider outage',
        start: new Date('2026-11-12T10:00:00Z'),
        end: '2026-11-12T12:30:00+01:00',
        slos: ['availability'],
      },
    ]);
    expect(problems).toEqual([]);
    expect(adjustments.map(({ fields, ...a }) => a)).toEqual([
      {
        index: 0,
        name: 'weekly-db-maintenance',
        reason: 'Weekly database maintenance',
        start: '2026-11-01T02:00:00.000Z',
        durationMs: 3_600_000,
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
      },
      {
        index: 1,
        name: 'outage',
        reason: 'Provider outage',
        start: '2026-11-12T10:00:00.000Z',
        // 12:30 at +01:00 is 11:30Z.
        durationMs: 5_400_000,
        sloIds: ['availability'],
      },
    ]);
  });

  it.each([
    [
      { start: '2026-11-01T02:00:00Z', duration: '1h' },
      '[0].reason',
      /is required/,
    ],
    [
      { reason: 'r', start: 'soon', duration: '1h' },
      '[0].start',
      /"soon" is not an ISO 8601/,
    ],
    [
      { reason: 'r', start: '2026-11-01T02:00:00Z' },
      '[0].end',
      /or duration is required/,
    ],
    [
      { reason: 'r', start: '2026-11-01T02:00:00Z', duration: 'forever' },
      '[0].duration',
      /not a positive duration/,
    ],
    [
      {
        reason: 'r',
        start: '2026-11-01T02:00:00Z',
        duration: '1h',
        rrule: 'weekly',
      },
      '[0].rrule',
      /not an RFC 5545 RRULE/,
    ],
    [
      {
        reason: 'r',
        start: '2026-11-01T02:00:00Z',
        duration: '1h',
        rrule: 'BYDAY=SU',
      },
      '[0].rrule',
      /has no FREQ/,
    ],
    [
      {
        reason: 'r',
        start: '2026-11-01T02:00:00Z',
        duration: '1h',
        slos: 'availability',
      },
      '[0].slos',
      /non-empty list/,
    ],
    [
      {
        reason: 'r',
        start: '2026-11-01T02:00:00Z',
        duration: '1h',
        every: 'week',
      },
      '[0].every',
      /is not a field/,
    ],
  ])('refuses %j at %s', (item, field, message) => {
    const { adjustments, problems } = parseSloAdjustmentList([
      { name: 'x', ...item },
    ]);
    expect(adjustments).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        field,
        message: expect.stringMatching(message),
      }),
    ]);
  });

  it('refuses a list that is not one, and a repeated name', () => {
    expect(parseSloAdjustmentList({ name: 'x' }).problems[0].message).toMatch(
      /must be a list/,
    );
    const item = {
      name: 'x',
      reason: 'r',
      start: '2026-11-01T02:00:00Z',
      duration: '1h',
    };
    expect(parseSloAdjustmentList([item, item]).problems).toEqual([
      expect.objectContaining({
        field: '[1].name',
        message: expect.stringMatching(/already named "x"/),
      }),
    ]);
  });

  it('reads BudgetAdjustment documents of an SLO file beside its SLOs', () => {
    const parsed = parseSloDocuments(
      [
        {
          apiVersion: 'sightline.dev/v1',
          kind: 'BudgetAdjustment',
          metadata: { name: 'monthly-patching' },
          spec: {
            reason: 'Monthly OS patching',
            start: '2026-11-03T01:00:00Z',
            duration: '2h',
            rrule: 'FREQ=MONTHLY;BYDAY=1TU',
          },
        },
        {
          apiVersion: 'sightline.dev/v1',
          kind: 'BudgetAdjustment',
          metadata: { name: 'broken' },
          spec: { reason: 'No start', duration: '2h' },
        },
      ],
      { file: 'slos.yaml' },
    );
    expect(parsed.adjustments).toEqual([
      expect.objectContaining({
        name: 'monthly-patching',
        durationMs: 7_200_000,
      }),
    ]);
    expect(parsed.problems).toEqual([
      {
        file: 'slos.yaml',
        documentIndex: 1,
        slo: 'BudgetAdjustment broken',
        field: 'spec.start',
        message: 'is required',
        example: '2026-11-01T02:00:00Z',
      },
    ]);
  });
});

describe('the SLO report with budget adjustments', () => {
  it('lists what adjustments excluded from each SLO under the table', () => {
    const row = sloReportRow(
      {
        definition: {
          id: 'availability',
          name: 'Availability',
          objectivePercent: 99.9,
        },
        problems: [],
        adjusted: {
          adjustmentIds: ['entity:weekly'],
          reasons: ['Weekly database maintenance'],
          periods: [
            { start: '2026-11-15T02:00:00Z', end: '2026-11-15T04:00:00Z' },
            { start: '2026-11-22T02:00:00Z', end: '2026-11-22T04:00:00Z' },
          ],
          rulesDisagree: [],
        },
      },
      [],
      { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
    );
    expect(row.excluded).toEqual({
      reasons: ['Weekly database maintenance'],
      periods: 2,
      excludedMs: 4 * 3_600_000,
    });
    expect(sloReportMarkdown([row])).toContain(
      '- Availability: 2 periods, 4 h in all: Weekly database maintenance',
    );
  });
});
