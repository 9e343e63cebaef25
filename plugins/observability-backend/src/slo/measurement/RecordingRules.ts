import { LoggerService } from '@backstage/backend-plugin-api';
import {
  SloDefinition,
  TelemetryTarget,
  escapeRegex,
  formatDuration,
} from '@sightline/plugin-observability-common';
import { SLOTH_LABELS } from '@sightline/plugin-observability-node';
import { selector } from '../../metrics/promql';
import { PromInstantSample } from '../../upstreams/clients/PrometheusClient';
import {
  PyrraSloRules,
  pyrraDetectionQuery,
  pyrraRulesFound,
  pyrraSloNames,
} from '../PyrraRules';
import { PART_LABEL, tagged } from '../SloQueries';
import { PyrraRulesMeasurement } from './PyrraRulesMeasurement';
import { RawSeriesMeasurement } from './RawSeriesMeasurement';
import { InstantQueries, SloMeasurement } from './SloMeasurement';
import {
  SLOTH_FIVE_MINUTE_RULE,
  SlothRulesMeasurement,
  slothSloName,
} from './SlothRulesMeasurement';

/** Sloth SLOs found, by `<sloth_service>/<sloth_slo>`. */
type SlothRulesFound = Map<string, { coversWindow: boolean }>;

/** The raw series need no rules: one measurement serves every SLO. */
const RAW_SERIES = new RawSeriesMeasurement();

/**
 * The recording rules Prometheus has for an entity's SLOs, and so which
 * measurement measures each SLO: the cheapest that gives right numbers.
 */
export class RecordingRules {
  /**
   * Looks for the rules in at most two instant queries: Sloth's 5m
   * error-ratio rule of the entity's Sloth services, now and one window ago
   * (whether it covers the window); Pyrra's rules whose `slo` label may name
   * the entity's availability SLOs. A failed look finds no rules: the raw
   * series still measure every SLO.
   */
  static async detect(options: {
    prometheus: InstantQueries;
    definitions: SloDefinition[];
    target: TelemetryTarget;
    /** The entity's name: the Sloth service of SLOs that name none, and the prefix of Pyrra objectives. */
    service: string;
    atMs: number;
    logger: LoggerService;
  }): Promise<RecordingRules> {
    const { logger, service } = options;
    const [sloth, pyrra] = await Promise.all([
      detectSloth(options).catch(error => {
        logger.warn('Could not look for Sloth recording rules', {
          error: String(error),
        });
        return new Map<string, { coversWindow: boolean }>();
      }),
      detectPyrra(options).catch(error => {
        logger.warn('Could not look for Pyrra recording rules', {
          error: String(error),
        });
        return new Map<string, PyrraSloRules>();
      }),
    ]);
    return new RecordingRules(service, sloth, pyrra);
  }

  constructor(
    private readonly service: string,
    private readonly sloth: SlothRulesFound,
    /** Pyrra rules by SLO definition id. */
    private readonly pyrra: Map<string, PyrraSloRules>,
  ) {}

  /**
   * Sloth's rules when it has them (preferred over Pyrra's when both match),
   * then Pyrra's, then the raw series. Sloth's rules give the window only
   * once they have been recorded for a whole rolling window; until then, and
   * for calendar periods, the window comes from the raw series (the mixed
   * mode, see SlothRulesMeasurement).
   */
  measurementFor(definition: SloDefinition): SloMeasurement {
    const slothService = definition.service ?? this.service;
    const sloth = this.sloth.get(slothKey(slothService, definition));
    if (sloth) {
      return new SlothRulesMeasurement(
        slothService,
        sloth.coversWindow && !definition.calendar ? 'rules' : 'raw',
      );
    }
    const pyrra = this.pyrra.get(definition.id);
    return pyrra ? new PyrraRulesMeasurement(pyrra) : RAW_SERIES;
  }
}

function slothKey(service: string, definition: SloDefinition) {
  return `${service}/${slothSloName(definition)}`;
}

/** OpenSLO files are not Sloth's: only Sloth and annotation SLOs may have Sloth rules. */
function slothCandidates(definitions: SloDefinition[]) {
  return definitions.filter(d => d.source !== 'openslo');
}

async function detectSloth({
  prometheus,
  definitions,
  service,
  atMs,
}: {
  prometheus: InstantQueries;
  definitions: SloDefinition[];
  service: string;
  atMs: number;
}): Promise<SlothRulesFound> {
  const candidates = slothCandidates(definitions);
  const services = [...new Set(candidates.map(d => d.service ?? service))];
  if (services.length === 0) return new Map();
  const labels = `${SLOTH_LABELS.service}, ${SLOTH_LABELS.slo}`;
  const rule = selector(SLOTH_FIVE_MINUTE_RULE, [
    {
      name: SLOTH_LABELS.service,
      op: '=~',
      value: services.map(escapeRegex).join('|'),
    },
  ]);
  // Sloth's window rules are rolling: calendar SLOs only use its burn rates.
  const windows = [
    ...new Set(
      candidates.filter(d => !d.calendar).map(d => formatDuration(d.windowMs)),
    ),
  ];
  const samples = await prometheus.instant(
    tagged({
      now: `count by (${labels}) (${rule})`,
      ...Object.fromEntries(
        windows.map(w => [
          `window ago ${w}`,
          `count by (${labels}) (${rule} offset ${w})`,
        ]),
      ),
    }),
    atMs,
  );
  return slothRulesFound(samples, definitions, service);
}

/**
 * The entity's Sloth SLOs in the detection query's answer: those with a 5m
 * ratio now, and whether they had one a window ago.
 */
export function slothRulesFound(
  samples: Pick<PromInstantSample, 'metric'>[],
  definitions: SloDefinition[],
  service: string,
): SlothRulesFound {
  const key = (s: Pick<PromInstantSample, 'metric'>) =>
    `${s.metric[SLOTH_LABELS.service]}/${s.metric[SLOTH_LABELS.slo]}`;
  const candidates = slothCandidates(definitions);
  const found: SlothRulesFound = new Map();
  for (const s of samples.filter(x => x.metric[PART_LABEL] === 'now')) {
    // The service may have Sloth SLOs this entity does not declare.
    const definition = candidates.find(
      d => slothKey(d.service ?? service, d) === key(s),
    );
    if (!definition) continue;
    const windowAgo = `window ago ${formatDuration(definition.windowMs)}`;
    found.set(key(s), {
      coversWindow: samples.some(
        x => x.metric[PART_LABEL] === windowAgo && key(x) === key(s),
      ),
    });
  }
  return found;
}

async function detectPyrra({
  prometheus,
  definitions,
  target,
  service,
  atMs,
}: {
  prometheus: InstantQueries;
  definitions: SloDefinition[];
  target: TelemetryTarget;
  service: string;
  atMs: number;
}): Promise<Map<string, PyrraSloRules>> {
  const matchers = target.metrics?.matchers;
  // Pyrra ratio SLOs over the dialect's requests: availability.
  const candidates = definitions.filter(
    d => d.sli === 'availability' && d.indicator.type === 'dialect',
  );
  if (!matchers || !target.metrics?.dialect || candidates.length === 0) {
    return new Map();
  }
  const namesOf = new Map(
    candidates.map(d => [d.id, pyrraSloNames(d, service)]),
  );
  const found = pyrraRulesFound(
    await prometheus.instant(
      pyrraDetectionQuery([...namesOf.values()].flat(), matchers),
      atMs,
    ),
  );
  const out = new Map<string, PyrraSloRules>();
  for (const [id, names] of namesOf) {
    const rules = names
      .map(n => found.get(n))
      .find(r => r && r.burnRates.size > 0);
    if (rules) out.set(id, rules);
  }
  return out;
}
