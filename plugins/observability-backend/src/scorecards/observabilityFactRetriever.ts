import { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import { CatalogClient } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';

/** Entities whose facts are fetched at once from the observability backend. */
const CONCURRENCY = 4;

const COMPONENTS = { kind: 'component' };

/**
 * What each fact means, as Tech Insights shows and checks it; the names
 * are those of the observability backend's `GET …/readiness` answer.
 */
const FACT_SCHEMA: FactSchema = {
  hasMonitoring: {
    type: 'boolean',
    description:
      "A ServiceMonitor or PodMonitor selects the entity's Service or Pods (without a Kubernetes API: Prometheus scrapes a target of it)",
  },
  hasSlo: {
    type: 'boolean',
    description: 'At least one SLO is declared for the entity',
  },
  sloStatus: {
    type: 'string',
    description:
      "The most urgent SLO's status: met, at-risk, violated, no-data, or none without an SLO",
  },
  sloBudgetRemaining: {
    type: 'float',
    description:
      'The smallest share of error budget left among its SLOs (1 = untouched, negative = overspent); null without a figure',
  },
  alertsRoutedWithRunbooks: {
    type: 'boolean',
    description:
      'It has alert rules, each with a runbook_url, each routed by Alertmanager to a receiver that notifies someone',
  },
  dashboardPresent: {
    type: 'boolean',
    description: 'Grafana has at least one dashboard for the entity',
  },
  doctorPassing: {
    type: 'boolean',
    description: "No check of Sightline's monitoring doctor fails",
  },
  reasons: {
    type: 'object',
    description: 'Why each fact that is false is so, by fact name',
  },
};

async function readinessOf(
  ctx: FactRetrieverContext,
  entity: Entity,
  baseUrl: string,
  token: string,
): Promise<TechInsightFact | undefined> {
  const ref = {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const path = [ref.kind, ref.namespace, ref.name]
    .map(encodeURIComponent)
    .join('/');
  const response = await fetch(`${baseUrl}/entities/${path}/readiness`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    // One entity the backend cannot answer for (no cluster, 503 while
    // unconfigured) must not cost every other entity its facts.
    const error = await ResponseError.fromResponse(response);
    ctx.logger.warn(
      `No observability facts for ${entity.kind}:${ref.namespace}/${ref.name}: ${error.message}`,
    );
    return undefined;
  }
  const body = await response.json();
  return {
    entity: ref,
    facts: Object.fromEntries(
      Object.keys(FACT_SCHEMA).map(name => [name, body[name]]),
    ),
  };
}

/**
 * Tech Insights facts about each Component's observability, for
 * production-readiness checks. It runs inside the tech-insights backend
 * and reads the facts over the observability backend's HTTP API as that
 * plugin's service principal (discovery and service tokens): plugins of one
 * backend share no instances, only HTTP, and the same call works when
 * tech-insights and observability run in different backends.
 *
 * @public
 */
export const observabilityFactRetriever: FactRetriever = {
  id: 'observabilityFactRetriever',
  version: '0.1.0',
  title: 'Observability',
  description:
    "Sightline's view of each Component: monitoring found, SLOs and their budget, alerts routed with runbooks, dashboards, and the monitoring doctor.",
  entityFilter: [COMPONENTS],
  schema: FACT_SCHEMA,
  async handler(ctx) {
    const { discovery, auth } = ctx;
    const credentials = await auth.getOwnServiceCredentials();
    const [catalogToken, observabilityToken] = await Promise.all(
      ['catalog', 'observability'].map(async targetPluginId => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: credentials,
          targetPluginId,
        });
        return token;
      }),
    );
    const { items } = await new CatalogClient({
      discoveryApi: discovery,
    }).getEntities(
      {
        filter: ctx.entityFilter ?? COMPONENTS,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { token: catalogToken },
    );
    const baseUrl = await discovery.getBaseUrl('observability');
    const facts: TechInsightFact[] = [];
    for (let i = 0; i < items.length; i += CONCURRENCY) {
      const batch = await Promise.all(
        items
          .slice(i, i + CONCURRENCY)
          .map(entity => readinessOf(ctx, entity, baseUrl, observabilityToken)),
      );
      facts.push(...batch.filter((f): f is TechInsightFact => !!f));
    }
    return facts;
  },
};
