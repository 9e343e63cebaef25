/**
 * The doctor's SLO check and the report's reasons against the REAL
 * Prometheus of the local stack, whose checkout histogram has the buckets
 * of e2e/workload/model.mjs HTTP_BUCKETS (…, 0.25, 0.3, 0.5, …): a latency
 * objective at 320ms is no bucket boundary, so neither /slos nor the
 * report can measure it, and /diagnosis says so, naming 300ms and 500ms.
 */
import {
  DiagnosisResponse,
  SloReportResponse,
} from '@sightline/plugin-observability-common';
import request from 'supertest';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';

jest.setTimeout(240_000);

const base = '/api/observability/entities/component/default';

const checkout = (name: string, latency: string) =>
  shopComponent(name, {
    'backstage.io/kubernetes-id': 'checkout',
    'sightline.dev/metrics-dialect': 'prometheus-http',
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': latency,
  });

describe('the doctor checks SLO objectives', () => {
  let server: Awaited<ReturnType<typeof startStackBackend>>;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    server = await startStackBackend(stack, [
      checkout('checkout-odd', '99% < 320ms'),
      checkout('checkout-fine', '99% < 300ms'),
      shopComponent('no-slos'),
    ]);
  });

  async function sloCheck(name: string) {
    const res = await request(server).get(`${base}/${name}/diagnosis`);
    expect(res.status).toBe(200);
    return (res.body as DiagnosisResponse).checks.find(
      c => c.id === 'slo-objectives',
    )!;
  }

  it('fails a latency threshold between buckets, naming the nearest boundaries and the fix', async () => {
    const check = await sloCheck('checkout-odd');
    expect(check.status).toBe('fail');
    expect(check.message).toBe(
      'SLO Latency (latency): latency threshold: 320ms is not a bucket boundary of http_request_duration_seconds_bucket; the nearest are 300ms and 500ms.',
    );
    expect(check.evidence).toEqual([
      {
        label: 'SLO Availability (availability)',
        detail: 'can be measured (99.9% over 30d)',
      },
      {
        label: 'SLO Latency (latency)',
        detail: expect.stringContaining('320ms is not a bucket boundary'),
      },
    ]);
    // 300ms is 20ms away, 500ms 180ms: the annotation at the nearer one.
    expect(check.fix?.yaml).toContain('sightline.dev/slo-latency: 99% < 300ms');
  });

  it('passes objectives Prometheus can measure, and skips an entity without SLOs', async () => {
    expect(await sloCheck('checkout-fine')).toMatchObject({
      status: 'pass',
      message: 'All 2 SLO(s) can be measured.',
    });
    expect(await sloCheck('no-slos')).toMatchObject({
      status: 'skipped',
      skippedReason: 'The entity declares no SLOs.',
    });
  });

  it('gives the reason in the report row instead of a bare no-data', async () => {
    const json = await request(server).get(`${base}/checkout-odd/slos/report`);
    expect(json.status).toBe(200);
    const latency = (json.body as SloReportResponse).rows.find(
      r => r.sloId === 'latency',
    )!;
    expect(latency).toMatchObject({
      status: 'no-data',
      reason:
        '320ms is not a bucket boundary of http_request_duration_seconds_bucket; the nearest are 300ms and 500ms',
    });
    const md = await request(server).get(
      `${base}/checkout-odd/slos/report?format=markdown`,
    );
    expect(md.text).toContain(
      '| no-data: 320ms is not a bucket boundary of http_request_duration_seconds_bucket; the nearest are 300ms and 500ms |',
    );
  });
});
