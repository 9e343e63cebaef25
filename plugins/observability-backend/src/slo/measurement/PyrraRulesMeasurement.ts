import {
  BURN_RATE_WINDOWS,
  formatDuration,
  parseDuration,
} from '@sightline/plugin-observability-common';
import {
  PyrraSloRules,
  pyrraBurnRateSelector,
  pyrraWindowExpressions,
} from '../PyrraRules';
import { sampleValue, windowCounts } from '../SloQueries';
import {
  measureAdjustedFromRaw,
  measureRawSeries,
} from './RawSeriesMeasurement';
import {
  Measured,
  MeasurementRequest,
  SloMeasurement,
  instantParts,
} from './SloMeasurement';

/**
 * From Pyrra's rules: error ratios from `:burnrate<w>` and the window's
 * events from `:increase<window>` (real counts, split by the dialect's
 * error matchers; an `increase` over the raw series right from its first
 * evaluation, so no waiting for a whole window as with Sloth). Windows
 * Pyrra has no rule for (its 4w objectives have 4d, not 3d) and the daily
 * burn-down come from the raw series: Pyrra's rules hold no per-day history
 * before they were loaded.
 */
export class PyrraRulesMeasurement implements SloMeasurement {
  readonly source = 'pyrra-recording-rules';

  constructor(readonly rules: PyrraSloRules) {}

  async measure(request: MeasurementRequest): Promise<Measured> {
    if (request.excluded?.length) {
      return measureAdjustedFromRaw(
        request,
        `Pyrra's recording rules for ${this.rules.slo}`,
      );
    }
    const { prometheus, definition, target, atMs } = request;
    const { rules } = this;
    // Only SLOs of a dialect's requests get Pyrra rules (see the detection).
    const { matchers, dialect } = target.metrics!;
    const burnNames = new Map<string, string>();
    for (const w of BURN_RATE_WINDOWS) {
      const name = rules.burnRates.get(parseDuration(w)!);
      if (name) burnNames.set(name, w);
    }
    // Pyrra's windows are rolling: a calendar period has no increase rule.
    const increase = definition.calendar
      ? undefined
      : rules.increases.get(definition.windowMs);
    const [burnSamples, windowParts] = await Promise.all([
      prometheus.instant(
        pyrraBurnRateSelector(rules, [...burnNames.keys()], matchers),
        atMs,
      ),
      increase
        ? instantParts(
            prometheus,
            pyrraWindowExpressions(rules, increase, matchers, dialect!),
            atMs,
          )
        : undefined,
    ]);
    const ratios: Record<string, number | undefined> = {};
    for (const s of burnSamples) {
      ratios[burnNames.get(s.metric.__name__)!] = sampleValue(s.value[1]);
    }
    const raw = await measureRawSeries(request, {
      ratios,
      window: windowParts && windowCounts(windowParts),
    });
    if ('problem' in raw) return raw;
    const missing = BURN_RATE_WINDOWS.filter(w => !(w in ratios));
    const notes = [
      ...(missing.length
        ? [
            `Pyrra has no burn-rate rule for ${missing.join(', ')}; ${
              missing.length > 1 ? 'those come' : 'that comes'
            } from the raw series.`,
          ]
        : []),
      ...(increase
        ? []
        : [
            `Pyrra has no ${rules.metric}:increase rule for the ${
              definition.calendar
                ? `calendar ${definition.calendar.unit}`
                : `${formatDuration(definition.windowMs)} window`
            } of SLO ${
              rules.slo
            }, so the window's budget comes from the raw series.`,
          ]),
    ];
    return {
      ...raw,
      ...(increase ? {} : { windowSource: 'raw' as const }),
      ...(notes.length ? { note: notes.join(' ') } : {}),
    };
  }
}
