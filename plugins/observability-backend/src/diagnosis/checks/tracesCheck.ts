import {
  DiagnosisEvidence,
  OBSERVABILITY_ANNOTATIONS as A,
} from '@sightline/plugin-observability-common';
import { TraceBackend } from '../../traces/TraceBackend';
import { closestFirst } from '../closest';
import { CheckOutcome, DoctorCheck, skipped } from '../DoctorCheck';
import { ReadableNames, readableFirst } from '../readableNames';
import { annotationFix, LOOKBACK_MS, SUGGESTIONS } from './telemetry';

/** Service names of the trace store listed as evidence, closest first. */
const KNOWN_SERVICES = 10;

/** Check 8: the trace store has spans of the entity's service. */
export const tracesCheck: DoctorCheck<never, never> = {
  id: 'traces',
  title: 'Spans exist in the trace store',
  waitingOn: ({ clients, target }) =>
    `${clients.has('tempo') ? 'Tempo' : 'Jaeger'} of cluster '${
      target.cluster
    }'`,
  async run({ clients, target, now, readable }) {
    if (!clients.has('traces')) {
      return skipped(
        `Cluster '${target.cluster}' has no trace store (observability.clusters[].tempo or .jaeger).`,
      );
    }
    const backend = clients.traces();
    const serviceName = target.traces.serviceName;
    const { traces } = await backend.search({
      serviceName,
      range: { start: now - LOOKBACK_MS, end: now },
      limit: 1,
    });
    const evidence = [
      {
        label: `${backend.name}: traces of service.name "${serviceName}" (last hour)`,
        detail: traces.length ? 'found' : 'none',
      },
    ];
    if (traces.length > 0) {
      return {
        status: 'pass',
        message: `${backend.name} has spans of service '${serviceName}' in the last hour.`,
        evidence,
      };
    }
    return unknownService(backend, serviceName, readable, evidence);
  },
};

/** No spans: the service names the store knows, closest first, name the fix. */
async function unknownService(
  backend: TraceBackend,
  serviceName: string,
  readable: ReadableNames,
  evidence: DiagnosisEvidence[],
): Promise<CheckOutcome> {
  const all = await backend.serviceNames();
  const known = await readableFirst(
    readable,
    closestFirst(serviceName, all),
    KNOWN_SERVICES,
  );
  evidence.push({
    label: `${backend.name}: service names of entities you can read, closest first`,
    detail: known.join(', ') || 'none',
  });
  let knows = ' It knows no services at all.';
  if (known.length)
    knows = ` It knows ${known.slice(0, SUGGESTIONS).join(', ')}.`;
  else if (all.length)
    knows = ' It knows no service of an entity you can read.';
  const closest = known[0];
  return {
    status: 'fail',
    message: `${backend.name} has no spans of service '${serviceName}' in the last hour.${knows}`,
    evidence,
    fix: closest
      ? {
          summary: `Set ${A.traceService} to the service.name the application reports (closest: ${closest}), or set OTEL_SERVICE_NAME=${serviceName} in the application.`,
          yaml: annotationFix(A.traceService, closest),
        }
      : {
          summary: `Instrument the application with OpenTelemetry and export to ${backend.name} with OTEL_SERVICE_NAME=${serviceName}.`,
        },
  };
}
