import { pascalCase, sortedMap } from '../naming';
import { GeneratorTarget } from '../target';
import { RuleSettings } from './ruleSettings';

/** Alert names start with the entity name in PascalCase (`n8n-prod` → `N8nProd`). */
export function alertPrefix(target: GeneratorTarget): string {
  const prefix = pascalCase(target.entityName);
  return /^[A-Za-z]/.test(prefix) ? prefix : `Service${prefix}`;
}

/** The labels and annotations every generated alert carries. */
export class AlertText {
  constructor(
    private readonly target: GeneratorTarget,
    private readonly settings: RuleSettings,
  ) {}

  labels(severity: string): Record<string, string> {
    return sortedMap({
      severity,
      ...(this.target.owner ? { team: this.target.owner } : {}),
    });
  }

  annotations(
    alert: string,
    summary: string,
    description: string,
    extra: Record<string, string> = {},
  ): Record<string, string> {
    return sortedMap({
      ...extra,
      summary,
      description,
      ...(this.settings.runbookBaseUrl
        ? { runbook_url: `${this.settings.runbookBaseUrl}/${alert}` }
        : {}),
    });
  }
}
