import {
  LabelMatcher,
  matchesLabels,
} from '@sightline/plugin-observability-common';
import { parse } from 'yaml';
import { unquoteString } from '../entities/selectorParsers';

/** One node of Alertmanager's routing tree, as its configuration file writes it. */
interface AmRoute {
  receiver?: string;
  matchers?: string[];
  /** Deprecated forms, still accepted by Alertmanager. */
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  continue?: boolean;
  routes?: AmRoute[];
}

interface AmConfig {
  route?: AmRoute;
  receivers?: Array<Record<string, unknown> & { name: string }>;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

function parseMatcher(text: string): LabelMatcher {
  const found = MATCHER.exec(text);
  if (!found) {
    throw new Error(`Alertmanager route matcher '${text}' is not name=value`);
  }
  const [, name, op, raw] = found;
  const value = raw.startsWith('"') ? unquoteString(raw) : raw;
  return { name, op: op as LabelMatcher['op'], value };
}

function routeMatchers(route: AmRoute): LabelMatcher[] {
  return [
    ...(route.matchers ?? []).map(parseMatcher),
    ...Object.entries(route.match ?? {}).map(([name, value]) => ({
      name,
      op: '=' as const,
      value,
    })),
    ...Object.entries(route.match_re ?? {}).map(([name, value]) => ({
      name,
      op: '=~' as const,
      value,
    })),
  ];
}

/**
 * Alertmanager's routing, read from its running configuration
 * (`GET /api/v2/status`, `config.original`): which receivers an alert with
 * given labels goes to, the way Alertmanager walks its tree (first matching
 * child, unless it says `continue`; a node with no matching child takes
 * the alert itself, its receiver inherited from its parent).
 */
export class AlertRouting {
  static fromConfigYaml(original: string): AlertRouting {
    return new AlertRouting(parse(original) as AmConfig);
  }

  private constructor(private readonly config: AmConfig) {}

  /** The receivers an alert with these labels is sent to. */
  receiversFor(labels: Record<string, string>): string[] {
    const root = this.config.route;
    if (!root) return [];
    const found: string[] = [];
    const walk = (route: AmRoute, inherited: string | undefined) => {
      const receiver = route.receiver ?? inherited;
      let matchedChild = false;
      for (const child of route.routes ?? []) {
        if (!matchesLabels(routeMatchers(child), labels)) continue;
        matchedChild = true;
        walk(child, receiver);
        if (!child.continue) break;
      }
      if (!matchedChild && receiver) found.push(receiver);
    };
    walk(root, undefined);
    return [...new Set(found)];
  }

  /**
   * Whether the receiver notifies anyone: it has at least one integration
   * (`email_configs`, `slack_configs`, `webhook_configs`…). A receiver with
   * none, like the customary `"null"`, drops what it gets.
   */
  delivers(receiver: string): boolean {
    const found = this.config.receivers?.find(r => r.name === receiver);
    return (
      !!found &&
      Object.entries(found).some(
        ([key, value]) =>
          key.endsWith('_configs') && Array.isArray(value) && value.length > 0,
      )
    );
  }
}
