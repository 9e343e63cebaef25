import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ObservabilitySearchDocument } from '@sightline/plugin-observability-common';
import { screen, within } from '@testing-library/react';
import { ObservabilitySearchResultListItem } from './ObservabilitySearchResultListItem';
import { highlightedTerms } from './matchingLines';

// Shaped like the collator's document for the demo checkout service
// (plugins/search-backend-module-observability, observabilityDocument.ts).
const checkout: ObservabilitySearchDocument = {
  title: 'Checkout observability',
  text: 'Observability of Checkout (component:default/checkout), owned by team-shop. ...',
  location: '/catalog/default/component/checkout/observability?section=slos',
  entityRef: 'component:default/checkout',
  kind: 'Component',
  namespace: 'default',
  name: 'checkout',
  owner: 'team-shop',
  lifecycle: 'production',
  status: 'at-risk',
  budgetRemaining: 0.2,
  slos: [
    {
      name: 'Availability',
      objectivePercent: 99.9,
      status: 'at-risk',
      budgetRemaining: 0.2,
    },
    {
      name: 'Latency',
      objectivePercent: 99,
      status: 'met',
      budgetRemaining: 0.61,
    },
  ],
  alertRules: [
    {
      name: 'CheckoutHighErrorRate',
      summary: 'checkout: more than 5% of requests fail',
      severity: 'warning',
      state: 'firing',
    },
    {
      name: 'CheckoutTargetDown',
      summary: 'checkout: a metrics target is down',
      severity: 'critical',
      state: 'inactive',
    },
  ],
  dashboards: [
    {
      title: 'Checkout / RED',
      url: 'http://localhost:3030/d/checkout-red/checkout-red',
    },
  ],
};

const highlight = (...words: string[]) => ({
  preTag: '<mark>',
  postTag: '</mark>',
  fields: {
    text: words.map(w => `... <mark>${w}</mark> ...`).join(' '),
  },
});

function lines() {
  return screen
    .getAllByRole('listitem')
    .map(li => within(li).getByRole('link').textContent);
}

describe('ObservabilitySearchResultListItem', () => {
  it('shows the SLO status, lowest budget and owner, and links to the SLO section', async () => {
    await renderInTestApp(
      <ObservabilitySearchResultListItem result={checkout as any} />,
    );

    expect(
      screen.getByRole('link', { name: 'Checkout observability' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=slos',
    );
    expect(screen.getByText('SLOs: At risk')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Owner: team-shop · 2 SLOs · 2 alert rules · 1 dashboard · lowest error budget left: 20 %',
      ),
    ).toBeInTheDocument();
    // Without a highlighted match: the first few lines.
    expect(lines()).toEqual([
      'Availability',
      'Latency',
      'CheckoutHighErrorRate',
    ]);
    expect(screen.getByRole('link', { name: 'Availability' })).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=slos',
    );
    expect(
      screen.getByText('99.9 % objective · 20 % of the budget left'),
    ).toBeInTheDocument();
  });

  it('lists the alert rule and dashboard the query matched, each where it opens', async () => {
    await renderInTestApp(
      <ObservabilitySearchResultListItem
        result={checkout as any}
        highlight={highlight('TargetDown', 'RED')}
      />,
    );

    // Core Link names external links as opening in a new window.
    expect(lines()).toEqual([
      'CheckoutTargetDown',
      'Checkout / RED, Opens in a new window',
    ]);
    expect(
      screen.getByRole('link', { name: 'CheckoutTargetDown' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=alerts',
    );
    expect(
      screen.getByRole('link', { name: /^Checkout \/ RED/ }),
    ).toHaveAttribute(
      'href',
      'http://localhost:3030/d/checkout-red/checkout-red',
    );
    expect(
      screen.getByText('critical · checkout: a metrics target is down'),
    ).toBeInTheDocument();
  });

  it('shows no SLO chip for a service without SLOs', async () => {
    await renderInTestApp(
      <ObservabilitySearchResultListItem
        result={
          {
            ...checkout,
            status: 'no-data',
            budgetRemaining: undefined,
            slos: [],
            location:
              '/catalog/default/component/checkout/observability?section=alerts',
          } as any
        }
      />,
    );
    expect(screen.queryByText(/^SLOs:/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Owner: team-shop · 0 SLOs · 2 alert rules · 1 dashboard',
      ),
    ).toBeInTheDocument();
  });
});

describe('highlightedTerms', () => {
  it("reads the engine's marked words from every field, lower-cased and once each", () => {
    expect(
      highlightedTerms({
        preTag: '<<',
        postTag: '>>',
        fields: {
          title: '<<Checkout>> observability',
          text: 'a <<checkout>> <<SLO>>',
        },
      }),
    ).toEqual(['checkout', 'slo']);
    expect(highlightedTerms(undefined)).toEqual([]);
  });
});
