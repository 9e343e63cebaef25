import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { EntitySlosResponse } from '@sightline/plugin-observability-common';
import { SlosSection } from './SlosSection';
import { TimeRangeProvider } from '../shared';
import {
  CHECKOUT_API,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import recorded from './__fixtures__/checkout-slos.json';

const checkoutSlos = recorded as unknown as EntitySlosResponse;

/** A signals API whose channels the test publishes on. */
function testSignals() {
  const listeners = new Map<string, (message: object) => void>();
  return {
    api: {
      subscribe: (channel: string, onMessage: (message: object) => void) => {
        listeners.set(channel, onMessage);
        return { unsubscribe: () => listeners.delete(channel) };
      },
    },
    publish: (channel: string, message: object) =>
      act(() => listeners.get(channel)?.(message)),
  };
}

describe('SLO notifications on the SLOs section', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lets the user mute the entity’s notifications for themselves', async () => {
    const puts: unknown[] = [];
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () => HttpResponse.json(checkoutSlos)),
      http.get(`${CHECKOUT_API}/slos/notifications`, () =>
        HttpResponse.json({
          entityRef: 'component:default/checkout',
          muted: false,
          notificationsEnabled: true,
        }),
      ),
      http.put(`${CHECKOUT_API}/slos/notifications`, async ({ request }) => {
        const body = (await request.json()) as { muted: boolean };
        puts.push(body);
        return HttpResponse.json({
          entityRef: 'component:default/checkout',
          muted: body.muted,
          notificationsEnabled: true,
        });
      }),
    );
    await renderForEntity(
      <TimeRangeProvider>
        <SlosSection />
      </TimeRangeProvider>,
    );

    const toggle = await screen.findByRole('checkbox', {
      name: 'Notify me of SLO changes',
    });
    expect(toggle).toBeChecked();
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(puts).toEqual([{ muted: true }]);
  });

  it('shows no switch when the backend sends no notifications', async () => {
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () => HttpResponse.json(checkoutSlos)),
      http.get(`${CHECKOUT_API}/slos/notifications`, () =>
        HttpResponse.json({
          entityRef: 'component:default/checkout',
          muted: false,
          notificationsEnabled: false,
        }),
      ),
    );
    await renderForEntity(
      <TimeRangeProvider>
        <SlosSection />
      </TimeRangeProvider>,
    );
    await screen.findByText(/^Availability · 99.9% over 30d/);
    expect(
      screen.queryByRole('checkbox', { name: 'Notify me of SLO changes' }),
    ).not.toBeInTheDocument();
  });

  it('evaluates the SLOs again when the fleet evaluation signals a change', async () => {
    let evaluations = 0;
    server.use(
      http.get(`${CHECKOUT_API}/slos`, () => {
        evaluations++;
        return HttpResponse.json(checkoutSlos);
      }),
      http.get(`${CHECKOUT_API}/slos/notifications`, () =>
        HttpResponse.json({}, { status: 403 }),
      ),
    );
    const signals = testSignals();
    await renderForEntity(
      <TimeRangeProvider>
        <SlosSection />
      </TimeRangeProvider>,
      { apis: [[signalApiRef, signals.api]] },
    );
    await screen.findByText(/^Availability · 99.9% over 30d/);
    expect(evaluations).toBe(1);

    signals.publish('observability:slo:component:default/checkout', {
      entityRef: 'component:default/checkout',
    });
    await waitFor(() => expect(evaluations).toBe(2));
  });
});
