import { ServiceUnavailableError } from '@backstage/errors';
import {
  LabelMatcher,
  renderMatchers,
} from '@sightline/plugin-observability-common';
import { UpstreamHttpClient } from '../UpstreamHttpClient';
import { uiLink } from '../uiLinks';

/** Alertmanager API v2 shapes (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml). */
export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  generatorURL?: string;
  status: {
    state: 'active' | 'suppressed' | 'unprocessed';
    silencedBy: string[];
    inhibitedBy: string[];
  };
}

export interface AmMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual?: boolean;
}

export interface AmSilence {
  id: string;
  matchers: AmMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

export function toAmMatcher(m: LabelMatcher): AmMatcher {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.op === '=~' || m.op === '!~',
    isEqual: m.op === '=' || m.op === '=~',
  };
}

const AM_OPERATORS: Record<string, LabelMatcher['op']> = {
  'false/true': '=',
  'false/false': '!=',
  'true/true': '=~',
  'true/false': '!~',
};

export function fromAmMatcher(m: AmMatcher): LabelMatcher {
  const equal = m.isEqual ?? true;
  const op = AM_OPERATORS[`${m.isRegex}/${equal}`];
  return { name: m.name, op, value: m.value };
}

/** The filter parameters Alertmanager takes: one `name="value"` matcher each, escaped. */
function filters(matchers: LabelMatcher[]): string[] {
  return matchers.map(m => renderMatchers([m]));
}

/**
 * Alerts change at rule-evaluation pace (15 s to 1 min); a few seconds of
 * cache turn many viewers of one entity into one Alertmanager request
 * (bench/amplification.ts).
 */
const ALERTS_CACHE_TTL_MS = 5_000;

export class AlertmanagerClient {
  constructor(private readonly http: UpstreamHttpClient) {}

  get name() {
    return this.http.name;
  }

  /** The UI (at `externalUrl`), filtered to the matchers. */
  uiUrl(matchers: LabelMatcher[]): string {
    const filter = `{${renderMatchers(matchers)}}`;
    return uiLink(
      this.http.upstream,
      `/#/alerts?silenced=true&inhibited=true&filter=${encodeURIComponent(
        filter,
      )}`,
    );
  }

  /** One silence in the UI (at `externalUrl`). */
  silenceUrl(id: string): string {
    return uiLink(this.http.upstream, `/#/silences/${encodeURIComponent(id)}`);
  }

  async alerts(matchers: LabelMatcher[]): Promise<AmAlert[]> {
    return this.list<AmAlert>(
      this.path('/api/v2/alerts', matchers, {
        silenced: 'true',
        inhibited: 'true',
        active: 'true',
      }),
      ALERTS_CACHE_TTL_MS,
    );
  }

  /**
   * Every silence, unfiltered: Alertmanager's filter only finds silences that
   * carry the same matchers, not those that mute the same alerts (see
   * AlertsService.silences). Never cached: a silence just created or
   * expired must show at once.
   */
  async silences(): Promise<AmSilence[]> {
    return this.list<AmSilence>('/api/v2/silences');
  }

  async silence(id: string): Promise<AmSilence> {
    return this.http.json<AmSilence>(
      `/api/v2/silence/${encodeURIComponent(id)}`,
    );
  }

  async createSilence(
    silence: Omit<AmSilence, 'id' | 'status'>,
  ): Promise<string> {
    const result = await this.http.json<{ silenceID?: string }>(
      '/api/v2/silences',
      {
        method: 'POST',
        body: JSON.stringify(silence),
        headers: { 'content-type': 'application/json' },
      },
    );
    if (!result?.silenceID) {
      throw new ServiceUnavailableError(
        `${this.name} created a silence but returned no id`,
      );
    }
    return result.silenceID;
  }

  /** Its running configuration as loaded (`config.original`, YAML): the routing tree and receivers. */
  async configYaml(): Promise<string> {
    const status = await this.http.json<{ config?: { original?: string } }>(
      '/api/v2/status',
    );
    return status?.config?.original ?? '';
  }

  async expireSilence(id: string): Promise<void> {
    await this.http.json(`/api/v2/silence/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  private path(
    base: string,
    matchers: LabelMatcher[],
    extra: Record<string, string> = {},
  ) {
    const params = new URLSearchParams(extra);
    for (const filter of filters(matchers)) params.append('filter', filter);
    return `${base}?${params.toString()}`;
  }

  private async list<T>(path: string, cacheTtlMs?: number): Promise<T[]> {
    const result = await this.http.json<T[]>(path, { cacheTtlMs });
    if (!Array.isArray(result)) {
      throw new ServiceUnavailableError(
        `${this.name} answered something other than a list for ${
          path.split('?')[0]
        }`,
      );
    }
    return result;
  }
}
