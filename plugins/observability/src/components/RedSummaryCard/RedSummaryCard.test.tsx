import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { checkoutRed, idleRed } from '../OverviewSection/__fixtures__/red';
import { RedSummaryCard } from './RedSummaryCard';

// The first render loads MUI and recharts; slow on a busy machine.
jest.setTimeout(30_000);

describe('RedSummaryCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it("shows the last hour's figures with their change and links to the tab", async () => {
    const ranges: number[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/red`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        ranges.push(Number(params.get('to')) - Number(params.get('from')));
        return HttpResponse.json(checkoutRed);
      }),
    );

    await renderForEntity(<RedSummaryCard />);

    expect(await screen.findByText('5.551 req/s')).toBeInTheDocument();
    expect(screen.getByText('0.01 %')).toBeInTheDocument();
    expect(screen.getByText('217 ms')).toBeInTheDocument();
    expect(screen.getByText('-67 % vs period before')).toBeInTheDocument();
    expect(screen.getByText('Last hour')).toBeInTheDocument();
    expect(ranges).toEqual([3600]);
    expect(
      screen.getByRole('link', { name: /Open Observability/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout/observability?section=overview',
    );
  });

  it('says so when there was no traffic', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/red`, () => HttpResponse.json(idleRed)),
    );

    await renderForEntity(<RedSummaryCard />);

    expect(
      await screen.findByText('No requests in the last hour'),
    ).toBeInTheDocument();
  });

  it('shows the backend error with a retry', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/red`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'sightline.dev/prometheus-selector is not a list of label matchers',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );

    await renderForEntity(<RedSummaryCard />);

    expect(
      await screen.findByText('The request or an annotation is invalid'),
    ).toBeInTheDocument();
    expect(screen.getByText(/prometheus-selector is not/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
