import { DiagnosisFix } from '@sightline/plugin-observability-common';
import { renderYaml } from '@sightline/plugin-observability-node';
import { detectionLookbackMs, SloService } from '../../slo/SloService';
import { PrometheusClient } from '../../upstreams/clients/PrometheusClient';
import { DiagnosisContext, skipped } from '../DoctorCheck';
import { prometheusCheck } from './upstreamChecks';

type Declared = Awaited<ReturnType<SloService['definitions']['read']>>;
type Measured = {
  definition: Declared['definitions'][number];
  built: Awaited<ReturnType<SloService['rawExpressions']>>;
};

/** An SLO that cannot be measured, and the annotation value that would be. */
interface Unmeasurable {
  label: string;
  message: string;
  annotation?: string;
  example?: string;
}

/**
 * Check 10: every SLO the entity declares can be measured: its declaration
 * reads, and its objective can be computed from the series, above all a
 * latency threshold that is a bucket boundary of the histogram (the nearest
 * boundaries named when it is not).
 */
export const sloObjectivesCheck = prometheusCheck<never>({
  id: 'slo-objectives',
  title: 'SLO objectives can be measured',
  async run(context, prometheus) {
    const { entity, slos } = context;
    if (!slos) return skipped('The SLO routes are not configured.');
    const declared = await slos.definitions.read(entity);
    if (declared.definitions.length === 0 && declared.problems.length === 0) {
      return skipped('The entity declares no SLOs.');
    }
    const measured = await measure(context, slos, prometheus, declared);
    const problems = unmeasurable(declared, measured);
    const evidence = [
      ...measured
        .filter(({ built }) => !('problem' in built))
        .map(({ definition }) => ({
          label: `SLO ${definition.name} (${definition.id})`,
          detail: `can be measured (${definition.objectivePercent}% over ${definition.window})`,
        })),
      ...problems.map(p => ({ label: p.label, detail: p.message })),
    ];
    if (problems.length === 0) {
      return {
        status: 'pass',
        message: `All ${measured.length} SLO(s) can be measured.`,
        evidence,
      };
    }
    return {
      status: 'fail',
      message: problems.map(p => `${p.label}: ${p.message}.`).join(' '),
      evidence,
      fix: sloFix(problems),
    };
  },
});

/** Each SLI's expressions, its dialect detected the way SLO evaluation does. */
async function measure(
  { entity, now, targets }: DiagnosisContext,
  slos: SloService,
  prometheus: PrometheusClient,
  declared: Declared,
): Promise<Measured[]> {
  const resolved = await targets.resolve(entity, {
    atMs: now,
    lookbackMs: detectionLookbackMs(declared.definitions, now),
  });
  return Promise.all(
    declared.definitions.map(async definition => ({
      definition,
      built: await slos.rawExpressions(prometheus, definition, resolved, now),
    })),
  );
}

function unmeasurable(
  declared: Declared,
  measured: Measured[],
): Unmeasurable[] {
  return [
    ...declared.problems.map(p => ({
      label: `SLO declaration ${p.source ?? ''} ${p.field ?? ''}`.trim(),
      message: p.message,
      annotation: p.source?.startsWith('sightline.dev/') ? p.source : undefined,
      example: p.example,
    })),
    ...measured.flatMap(({ definition, built }) =>
      'problem' in built
        ? [
            {
              label: `SLO ${definition.name} (${definition.id})`,
              message: `${built.problem.field ?? ''}: ${built.problem.message}`,
              annotation: definition.declaredAt.annotation,
              example: built.problem.example,
            },
          ]
        : [],
    ),
  ];
}

/** The annotations to declare instead, when the problems name examples. */
function sloFix(problems: Unmeasurable[]): DiagnosisFix {
  const examples = problems.filter(
    (p): p is Unmeasurable & { annotation: string; example: string } =>
      p.annotation !== undefined && p.example !== undefined,
  );
  if (examples.length === 0) {
    return {
      summary:
        'Declare objectives Prometheus can measure: a latency threshold must be a bucket boundary of the histogram, a custom SLI a ratio of counters.',
    };
  }
  return {
    summary:
      'Declare objectives Prometheus can measure, as in this example (a latency threshold must be a bucket boundary of the histogram).',
    yaml: renderYaml([
      {
        metadata: {
          annotations: Object.fromEntries(
            examples.map(p => [p.annotation, p.example]),
          ),
        },
      },
    ]),
  };
}
