import {
  SloDefinition,
  parseSloDocuments,
  sloDefinitionsFromAnnotations,
} from '@sightline/plugin-observability-common';
import { PyrraSloRules } from '../PyrraRules';
import { PyrraRulesMeasurement } from './PyrraRulesMeasurement';
import { RawSeriesMeasurement } from './RawSeriesMeasurement';
import { RecordingRules, slothRulesFound } from './RecordingRules';
import { SlothRulesMeasurement, slothSloName } from './SlothRulesMeasurement';

const DAY_MS = 86_400_000;

/** The entity `checkout`'s annotation SLOs (ids `availability`, `latency`). */
function annotated(window = '30d'): SloDefinition[] {
  const { definitions, problems } = sloDefinitionsFromAnnotations({
    'sightline.dev/slo-availability': '99.9',
    'sightline.dev/slo-latency': '99% < 300ms',
    'sightline.dev/slo-window': window,
  });
  expect(problems).toEqual([]);
  return definitions;
}

function byId(definitions: SloDefinition[], id: string) {
  return definitions.find(d => d.id === id)!;
}

/** A Sloth file of service `payments`: its SLOs' rules carry `sloth_service="payments"`. */
function slothFile(): SloDefinition {
  const { definitions } = parseSloDocuments({
    version: 'prometheus/v1',
    service: 'payments',
    slos: [
      {
        name: 'requests-availability',
        objective: 99.9,
        sli: {
          events: {
            error_query:
              'sum(rate(http_requests_total{job="payments",code=~"5.."}[{{.window}}]))',
            total_query:
              'sum(rate(http_requests_total{job="payments"}[{{.window}}]))',
          },
        },
      },
    ],
  });
  expect(definitions).toHaveLength(1);
  return definitions[0];
}

const PYRRA: PyrraSloRules = {
  slo: 'checkout-availability',
  metric: 'http_requests',
  burnRates: new Map([[5 * 60_000, 'http_requests:burnrate5m']]),
  increases: new Map([[30 * DAY_MS, 'http_requests:increase30d']]),
};

function rules(options: {
  sloth?: Record<string, { coversWindow: boolean }>;
  pyrra?: Record<string, PyrraSloRules>;
}) {
  return new RecordingRules(
    'checkout',
    new Map(Object.entries(options.sloth ?? {})),
    new Map(Object.entries(options.pyrra ?? {})),
  );
}

describe('which measurement measures an SLO', () => {
  it('measures from the raw series when Prometheus has no rules for it', () => {
    const chosen = rules({}).measurementFor(byId(annotated(), 'availability'));
    expect(chosen).toBeInstanceOf(RawSeriesMeasurement);
    expect(chosen.source).toBe('raw');
  });

  it("takes the window from Sloth's rules once they cover it", () => {
    const chosen = rules({
      sloth: { 'checkout/availability': { coversWindow: true } },
    }).measurementFor(byId(annotated(), 'availability'));
    expect(chosen).toBeInstanceOf(SlothRulesMeasurement);
    expect(chosen).toMatchObject({
      source: 'recording-rules',
      service: 'checkout',
      windowFrom: 'rules',
    });
  });

  it("takes the window from the raw series while Sloth's rules are younger than it (mixed)", () => {
    const chosen = rules({
      sloth: { 'checkout/availability': { coversWindow: false } },
    }).measurementFor(byId(annotated(), 'availability'));
    expect(chosen).toBeInstanceOf(SlothRulesMeasurement);
    expect(chosen).toMatchObject({ windowFrom: 'raw' });
  });

  it("takes a calendar period from the raw series however long Sloth's rules have run (mixed)", () => {
    const chosen = rules({
      sloth: { 'checkout/availability': { coversWindow: true } },
    }).measurementFor(byId(annotated('calendar-month'), 'availability'));
    expect(chosen).toBeInstanceOf(SlothRulesMeasurement);
    expect(chosen).toMatchObject({ windowFrom: 'raw' });
  });

  it("finds a Sloth file's rules under the file's service, not the entity's", () => {
    const definition = slothFile();
    expect(
      rules({
        sloth: { 'checkout/requests-availability': { coversWindow: true } },
      }).measurementFor(definition),
    ).toBeInstanceOf(RawSeriesMeasurement);
    const chosen = rules({
      sloth: { 'payments/requests-availability': { coversWindow: true } },
    }).measurementFor(definition);
    expect(chosen).toBeInstanceOf(SlothRulesMeasurement);
    expect(chosen).toMatchObject({ service: 'payments', windowFrom: 'rules' });
  });

  it("measures from Pyrra's rules found for the SLO", () => {
    const definitions = annotated();
    const found = rules({ pyrra: { availability: PYRRA } });
    const chosen = found.measurementFor(byId(definitions, 'availability'));
    expect(chosen).toBeInstanceOf(PyrraRulesMeasurement);
    expect(chosen).toMatchObject({
      source: 'pyrra-recording-rules',
      rules: PYRRA,
    });
    // The rules are the availability SLO's, not the latency SLO's.
    expect(found.measurementFor(byId(definitions, 'latency'))).toBeInstanceOf(
      RawSeriesMeasurement,
    );
  });

  it("prefers Sloth's rules when Pyrra's match too", () => {
    const chosen = rules({
      sloth: { 'checkout/availability': { coversWindow: false } },
      pyrra: { availability: PYRRA },
    }).measurementFor(byId(annotated(), 'availability'));
    expect(chosen).toBeInstanceOf(SlothRulesMeasurement);
    expect(chosen).toMatchObject({ windowFrom: 'raw' });
  });
});

describe("reading Sloth's rules from the detection answer", () => {
  /** A sample of the detection query: one series of the 5m rule, now or a window ago. */
  const sample = (part: string, service: string, slo: string) => ({
    metric: { sightline_part: part, sloth_service: service, sloth_slo: slo },
  });

  it('finds the rules recorded now, covering the window when they were recorded a window ago', () => {
    const definitions = [...annotated(), slothFile()];
    const found = slothRulesFound(
      [
        sample('now', 'checkout', 'availability'),
        sample('window ago 30d', 'checkout', 'availability'),
        sample('now', 'checkout', 'latency'),
        sample('now', 'payments', 'requests-availability'),
        sample('window ago 30d', 'payments', 'requests-availability'),
      ],
      definitions,
      'checkout',
    );
    expect(found).toEqual(
      new Map([
        ['checkout/availability', { coversWindow: true }],
        ['checkout/latency', { coversWindow: false }],
        ['payments/requests-availability', { coversWindow: true }],
      ]),
    );
    const chosen = new RecordingRules('checkout', found, new Map());
    expect(chosen.measurementFor(byId(definitions, 'latency'))).toMatchObject({
      windowFrom: 'raw',
    });
  });

  it('needs the sample a window ago to be of the same SLO, and ignores SLOs the entity does not declare', () => {
    const found = slothRulesFound(
      [
        sample('now', 'checkout', 'availability'),
        sample('window ago 30d', 'checkout', 'latency'),
        sample('now', 'checkout', 'undeclared'),
      ],
      annotated(),
      'checkout',
    );
    expect(found).toEqual(
      new Map([['checkout/availability', { coversWindow: false }]]),
    );
  });

  it('gives OpenSLO SLOs no Sloth rules, whatever their names', () => {
    const { definitions } = parseSloDocuments({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name: 'availability' },
      spec: {
        service: 'checkout',
        budgetingMethod: 'Occurrences',
        timeWindow: [{ duration: '30d', isRolling: true }],
        objectives: [{ target: 0.999 }],
        indicator: {
          metadata: { name: 'errors' },
          spec: {
            ratioMetric: {
              counter: true,
              good: {
                metricSource: {
                  type: 'Prometheus',
                  spec: { query: 'http_requests_total{code!~"5.."}' },
                },
              },
              total: {
                metricSource: {
                  type: 'Prometheus',
                  spec: { query: 'http_requests_total' },
                },
              },
            },
          },
        },
      },
    });
    expect(definitions).toHaveLength(1);
    const [openslo] = definitions;
    expect(
      slothRulesFound(
        [sample('now', openslo.service!, slothSloName(openslo))],
        definitions,
        'checkout',
      ),
    ).toEqual(new Map());
  });
});
