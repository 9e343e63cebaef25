import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { DeploymentsResponse } from '@sightline/plugin-observability-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Line, LineChart, XAxis } from 'recharts';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { TimeRangeProvider } from '../shared';
import { DeploymentMarkers } from '../shared/DeploymentMarkers';
import { DeploymentsProvider } from '../shared/deployments';
import { DeploymentsCard } from './DeploymentsCard';

jest.setTimeout(30_000);

const AT = Date.parse('2026-12-07T02:15:00Z');
const SHA = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';

const badRollout: DeploymentsResponse['rollouts'][number] = {
  at: AT,
  version: '2.4.0',
  previousVersion: '2.3.0',
  images: ['ghcr.io/sightline-demo/checkout:2.4.0'],
  controller: {
    kind: 'Deployment',
    name: 'shop/checkout',
    replicaSet: 'checkout-84d6f9c7b',
    revision: '3',
  },
  syncedBy: { kind: 'ArgoCDApplication', name: 'checkout', revision: SHA },
  sources: ['kube-state-metrics', 'kubernetes', 'argocd', 'version-label'],
  status: 'complete',
  before: {
    requestRate: 7.4,
    errorRatio: 0.0004,
    latencyP95: 0.21,
    from: AT - 1_800_000,
    to: AT,
  },
  after: {
    requestRate: 7.5,
    errorRatio: 0.0056,
    latencyP95: 0.315,
    from: AT,
    to: AT + 1_800_000,
  },
  verdict:
    'p95 +50%, error ratio ×14 after the 2026-12-07 02:15 UTC rollout of 2.4.0',
  change: 'p95 +50%, error ratio ×14',
  regressed: true,
  commitUrl: `https://github.com/sightline-demo/shop-deploy/commit/${SHA}`,
};
const fixRollout = {
  ...badRollout,
  at: AT + 3_600_000,
  version: '2.4.1',
  previousVersion: '2.4.0',
  controller: { ...badRollout.controller, replicaSet: 'checkout-7c9f6d5b8' },
  verdict:
    'no significant change after the 2026-12-07 03:15 UTC rollout of 2.4.1',
  change: 'no significant change',
  regressed: false,
  commitUrl: undefined,
};
const sources: DeploymentsResponse['sources'] = [
  { source: 'kube-state-metrics', status: 'found' },
  {
    source: 'kubernetes',
    status: 'not-configured',
    detail: "cluster 'local' has no Kubernetes API",
  },
  { source: 'version-label', status: 'none' },
];
const response = (rollouts: DeploymentsResponse['rollouts']) => ({
  entityRef: 'component:default/checkout',
  workload: 'shop/checkout',
  range: { start: AT - 3_600_000, end: AT + 7_200_000 },
  rollouts,
  sources,
});

function renderWithDeployments(children: JSX.Element) {
  return renderForEntity(
    <TimeRangeProvider>
      <DeploymentsProvider>{children}</DeploymentsProvider>
    </TimeRangeProvider>,
    { url: '/?section=overview&range=6h' },
  );
}

describe('DeploymentsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists rollouts newest first with before → after figures, the verdict and the commit', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/deployments`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(response([badRollout, fixRollout]));
      }),
    );
    await renderWithDeployments(<DeploymentsCard />);
    const table = await screen.findByRole('table', { name: 'Deployments' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual([
      expect.stringMatching(/^2\.4\.0 → 2\.4\.1/),
      expect.stringMatching(/^2\.3\.0 → 2\.4\.0/),
    ]);
    const bad = within(rows[1]);
    // Only the rollout that made things worse reads as an alarm.
    expect(getComputedStyle(bad.getByText(badRollout.change)).color).not.toBe(
      getComputedStyle(within(rows[0]).getByText(fixRollout.change)).color,
    );
    // The rollout's time is the first column's, in the page's format; the
    // whole sentence, with its UTC time, is the cell's title.
    expect(bad.getByText(badRollout.change)).toHaveAttribute(
      'title',
      badRollout.verdict,
    );
    expect(
      bad.getByText('Deployment shop/checkout, revision 3'),
    ).toBeInTheDocument();
    expect(
      bad.getByText('via Argo CD application checkout'),
    ).toBeInTheDocument();
    expect(bad.getByText('p95 210 ms → 315 ms')).toBeInTheDocument();
    expect(bad.getByRole('link', { name: /^Source/ })).toHaveAttribute(
      'href',
      badRollout.commitUrl,
    );
    expect(
      screen.getByText(
        /Kubernetes API: not set up \(cluster 'local' has no Kubernetes API\)/,
      ),
    ).toBeInTheDocument();
    // One request for the range, with its bounds.
    expect(requests).toHaveLength(1);
    expect(requests[0].searchParams.get('from')).toBeTruthy();
    expect(requests[0].searchParams.get('to')).toBeTruthy();
  });

  it('says where rollouts come from when there are none', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/deployments`, () =>
        HttpResponse.json(response([])),
      ),
    );
    await renderWithDeployments(<DeploymentsCard />);
    expect(
      await screen.findByText('No rollouts of shop/checkout in this range'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kube-state-metrics in Prometheus/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/observability.deployments.versionLabel/),
    ).toBeInTheDocument();
  });
});

describe('DeploymentMarkers', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('marks each rollout on a time chart, named by version, time and controller', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/deployments`, () =>
        HttpResponse.json(response([badRollout, fixRollout])),
      ),
    );
    const start = AT - 3_600_000;
    const end = AT + 7_200_000;
    await renderWithDeployments(
      <LineChart
        width={600}
        height={200}
        data={[
          { t: start, v: 1 },
          { t: end, v: 2 },
        ]}
      >
        <XAxis dataKey="t" type="number" domain={[start, end]} />
        <Line dataKey="v" />
        <DeploymentMarkers />
      </LineChart>,
    );
    const markers = await screen.findAllByTestId('deployment-marker');
    expect(markers).toHaveLength(2);
    expect(markers[0]).toHaveAccessibleName(
      /^Rollout of 2\.4\.0 \(was 2\.3\.0\), .+, by Deployment shop\/checkout, revision 3 via Argo CD application checkout$/,
    );

    // Hovering a flag names the rollout in a tooltip; leaving it hides it.
    fireEvent.mouseEnter(markers[0]);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent('Rollout of 2.4.0 (was 2.3.0)');
    expect(tooltip).toHaveTextContent(
      'by Deployment shop/checkout, revision 3 via Argo CD application checkout',
    );
    fireEvent.mouseLeave(markers[0]);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });
});
