import { Entity } from '@backstage/catalog-model';
import { TelemetryTarget } from '@sightline/plugin-observability-common';
import { renderYaml } from '@sightline/plugin-observability-node';
import { PrometheusClient } from '../upstreams/clients/PrometheusClient';
import { SloService, detectionLookbackMs } from '../slo/SloService';
import { CheckOutcome } from './types';

/**
 * Check 10: every SLO the entity declares can be measured: its declaration
 * reads, and its objective can be computed from the series, above all a
 * latency threshold that is a bucket boundary of the histogram (the nearest
 * boundaries named when it is not). `resolveTarget` detects the dialect
 * the way the SLO evaluation does.
 */
export async function checkSloObjectives(
  prometheus: PrometheusClient,
  slos: SloService,
  entity: Entity,
  resolveTarget: (probe: {
    atMs: number;
    lookbackMs: number;
  }) => Promise<TelemetryTarget>,
  now: number,
): Promise<CheckOutcome> {
  const declared = await slos.definitions.read(entity);
  if (declared.definitions.length === 0 && declared.problems.length === 0) {
    return {
      status: 'skipped',
      skippedReason: 'The entity declares no SLOs.',
      message: 'Not checked.',
      evidence: [],
    };
  }
  const resolved = await resolveTarget({
    atMs: now,
    lookbackMs: detectionLookbackMs(declared.definitions, now),
  });
  const measured = await Promise.all(
    declared.definitions.map(async definition => ({
      definition,
      built: await slos.rawExpressions(prometheus, definition, resolved, now),
    })),
  );
  const problems = [
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
  const fixes = problems.filter(
    (p): p is typeof p & { annotation: string; example: string } =>
      p.annotation !== undefined && p.example !== undefined,
  );
  return {
    status: 'fail',
    message: problems.map(p => `${p.label}: ${p.message}.`).join(' '),
    evidence,
    fix: {
      summary:
        fixes.length > 0
          ? 'Declare objectives Prometheus can measure, as in this example (a latency threshold must be a bucket boundary of the histogram).'
          : 'Declare objectives Prometheus can measure: a latency threshold must be a bucket boundary of the histogram, a custom SLI a ratio of counters.',
      ...(fixes.length > 0
        ? {
            yaml: renderYaml([
              {
                metadata: {
                  annotations: Object.fromEntries(
                    fixes.map(p => [p.annotation, p.example]),
                  ),
                },
              },
            ]),
          }
        : {}),
    },
  };
}
