import { DIAGNOSIS_CHECK_IDS } from '@sightline/plugin-observability-common';
import { DOCTOR_CHECKS } from './checks';
import { DiagnosisContext, DoctorCheck, Finding, skipped } from './DoctorCheck';
import { runChecks } from './runChecks';

/** Only the deadline matters to the runner; the fake checks read nothing else. */
const within = (ms: number) =>
  ({ deadline: Date.now() + ms } as DiagnosisContext);

function fake<Found = never, Needs = never>(
  id: DoctorCheck['id'],
  run: (previous: Needs | undefined) => Promise<Finding<Found>>,
  extra: Partial<DoctorCheck<Found, Needs>> = {},
): DoctorCheck<Found, Needs> {
  return {
    id,
    title: `check ${id}`,
    waitingOn: () => `The upstream of ${id}`,
    run: (_context, previous) => run(previous),
    ...extra,
  };
}

const pass = (message: string) => ({
  status: 'pass' as const,
  message,
  evidence: [],
});

describe('runChecks', () => {
  it('keeps going when one check throws and another outlives the deadline', async () => {
    const started = Date.now();
    const results = await runChecks(
      [
        fake('config', async () => {
          throw new Error('Prometheus answered 502');
        }),
        fake('series', () => new Promise(() => {})),
        fake('logs', async () => pass('streams found')),
      ],
      within(100),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(results.map(r => [r.id, r.status, r.message])).toEqual([
      ['config', 'fail', 'Prometheus answered 502'],
      [
        'series',
        'fail',
        expect.stringMatching(
          /^The upstream of series did not answer within \d+ ms\.$/,
        ),
      ],
      ['logs', 'pass', 'streams found'],
    ]);
    expect(results[2]).toMatchObject({ title: 'check logs', evidence: [] });
  });

  it('gives a check what the one it runs after found, or skips it with that one', async () => {
    const service = fake<string>('kubernetes-service', async () => ({
      ...pass('found'),
      found: 'shop/checkout',
    }));
    const monitor = fake<never, string>(
      'monitor',
      async previous => pass(`selects ${previous}`),
      { after: service },
    );
    expect(
      (await runChecks([service, monitor], within(1_000)))[1],
    ).toMatchObject({ status: 'pass', message: 'selects shop/checkout' });

    const absent = fake('kubernetes-service', async () =>
      skipped('No Kubernetes API.'),
    );
    const after = fake('monitor', async () => pass('ran'), { after: absent });
    expect((await runChecks([absent, after], within(1_000)))[1]).toMatchObject({
      status: 'skipped',
      skippedReason: 'No Kubernetes API.',
      durationMs: 0,
    });
  });

  it('lets a check revise its outcome given what another found', async () => {
    const series = fake<boolean>('series', async () => ({
      ...pass('series exist'),
      found: true,
    }));
    const scrape = fake<boolean>(
      'scrape-target',
      async () => ({ ...pass('no target'), found: false }),
      {
        revise: (own, findingOf) => ({
          ...own,
          message: `${own.message}; series: ${findingOf(series).found}`,
        }),
      },
    );
    const [revised] = await runChecks([scrape, series], within(1_000));
    expect(revised.message).toBe('no target; series: true');
    expect(revised).not.toHaveProperty('found');
  });

  it('lists the checks in the order the response promises', () => {
    expect(DOCTOR_CHECKS.map(c => c.id)).toEqual([...DIAGNOSIS_CHECK_IDS]);
  });
});
