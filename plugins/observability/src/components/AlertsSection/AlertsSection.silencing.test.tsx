import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  alerts,
  allowForPaymentsOnly,
  ENTITY_URL,
  renderSection,
  serveAlerts,
} from './__testUtils__/alertsSection';
import { failOnRowIdWarnings } from '../../__testUtils__/failOnRowIdWarnings';

// Dialogs with several MUI inputs take seconds to drive in jsdom.
jest.setTimeout(20_000);

// The permission is granted for payments only: the section must ask about
// the entity (resourceRef), as owners-only policies decide by it.
describe('AlertsSection for users who may silence', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  failOnRowIdWarnings();

  it('creates a silence for one alert with the chosen duration and comment', async () => {
    serveAlerts(server);
    const alertApi = mockApis.alert();
    let posted: unknown;
    server.use(
      http.post(`${ENTITY_URL}/silences`, async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json(
          {
            id: 'new-silence',
            matchers: [
              ...alerts.matchers,
              { name: 'alertname', op: '=', value: 'HighErrorRate' },
            ],
            startsAt: '2026-11-22T03:00:00Z',
            endsAt: '2026-11-22T07:00:00Z',
            createdBy: 'user:default/guest',
            comment: 'Rolling back the release',
            state: 'active',
          },
          { status: 201 },
        );
      }),
    );
    await renderSection(allowForPaymentsOnly, alertApi);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Silence HighErrorRate' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Silence HighErrorRate',
    });
    expect(within(dialog).getByText('namespace="shop"')).toBeInTheDocument();
    expect(
      within(dialog).getByText('alertname="HighErrorRate"'),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText('Created by user:default/guest'),
    ).toBeInTheDocument();
    const mutes = within(dialog).getByRole('list', { name: 'What it mutes' });
    expect(within(mutes).getByText('HighErrorRate')).toBeInTheDocument();
    expect(
      within(mutes).getByText(/^firing: muted at once/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/^Ends .*\(in 1 h\)$/)).toBeInTheDocument();

    // The comment is required.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create silence' }),
    );
    expect(
      within(dialog).getByText(
        'Say why, so others know whether the silence can go',
      ),
    ).toBeInTheDocument();
    expect(posted).toBeUndefined();

    await userEvent.click(within(dialog).getByRole('radio', { name: '4h' }));
    expect(within(dialog).getByText(/^Ends .*\(in 4 h\)$/)).toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Comment/ }), {
      target: { value: 'Rolling back the release' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create silence' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(posted).toEqual({
      comment: 'Rolling back the release',
      durationMinutes: 240,
      matchers: [{ name: 'alertname', op: '=', value: 'HighErrorRate' }],
    });
    const success = await alertApi.waitForAlert(a => a.severity === 'success');
    expect(success.message).toMatch(/^Silenced .*alertname="HighErrorRate"/);
  });

  it("shows, before creating it, which of the entity's alerts the silence mutes", async () => {
    const [highErrorRate] = alerts.alerts;
    const other = (name: string, state: 'firing' | 'pending' | 'silenced') => ({
      ...highErrorRate,
      name,
      state,
      labels: { ...highErrorRate.labels, alertname: name },
      silencedBy: state === 'silenced' ? ['s1'] : [],
    });
    serveAlerts(server, {
      ...alerts,
      alerts: [
        highErrorRate,
        other('HighLatency', 'firing'),
        other('ErrorBudgetBurn', 'pending'),
        other('DiskFull', 'silenced'),
      ],
    });
    await renderSection(allowForPaymentsOnly);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Silence HighLatency' }),
    );
    let dialog = screen.getByRole('dialog', { name: 'Silence HighLatency' });
    expect(
      within(within(dialog).getByRole('list', { name: 'What it mutes' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      expect.stringMatching(
        /^HighLatencyfiring: muted at once · namespace="shop"/,
      ),
    ]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Silence all' }));
    dialog = screen.getByRole('dialog', {
      name: 'Silence every alert of payments',
    });
    expect(
      within(within(dialog).getByRole('list', { name: 'What it mutes' }))
        .getAllByRole('listitem')
        .map(item => item.textContent?.split(' · ')[0]),
    ).toEqual([
      'HighErrorRatefiring: muted at once',
      'HighLatencyfiring: muted at once',
      'DiskFullalready muted: by another silence or an inhibition',
      'ErrorBudgetBurnpending: muted if it fires before the silence ends',
    ]);
    // An invalid duration has no end to show.
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Custom' }),
    );
    expect(
      within(dialog).getByText('Ends: choose a valid duration'),
    ).toBeInTheDocument();
  });

  it('keeps the dialog open with the reason when the backend refuses the silence', async () => {
    serveAlerts(server);
    server.use(
      http.post(`${ENTITY_URL}/silences`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'Creating or expiring silences needs the observability.silence.create permission',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await renderSection(allowForPaymentsOnly);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Silence all' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Silence every alert of payments',
    });
    await userEvent.click(
      within(dialog).getByRole('radio', { name: 'Custom' }),
    );
    const custom = within(dialog).getByRole('textbox', {
      name: 'Custom duration',
    });
    fireEvent.change(custom, { target: { value: '8d' } });
    expect(within(dialog).getByText('At most 7 d')).toBeInTheDocument();
    fireEvent.change(custom, { target: { value: '90m' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Comment/ }), {
      target: { value: 'Maintenance' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create silence' }),
    );

    expect(
      await within(dialog).findByText(/Not allowed: Creating or expiring/),
    ).toBeInTheDocument();
  });

  it('expires a silence for users who hold the permission', async () => {
    serveAlerts(server);
    const alertApi = mockApis.alert();
    const expired = jest.fn();
    server.use(
      http.delete(`${ENTITY_URL}/silences/:id`, ({ params }) => {
        expired(params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await renderSection(allowForPaymentsOnly, alertApi);

    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Expire silence Database migration',
      }),
    );
    await alertApi.waitForAlert(a => a.severity === 'success');
    expect(expired).toHaveBeenCalledWith(
      'b1d5e9c0-0000-4000-8000-000000000001',
    );
  });

  it("marks silences made elsewhere and offers to expire only the entity's own", async () => {
    serveAlerts(server);
    await renderSection(allowForPaymentsOnly);

    const table = await screen.findByRole('table', { name: 'Silences' });
    const row = (comment: string) =>
      within(table).getByText(comment).closest('tr') as HTMLElement;
    expect(
      within(row('Quiet night')).getByText(
        'created by component:default/shop-wide',
      ),
    ).toBeInTheDocument();
    expect(
      within(row('Known flapping')).getByText('created outside Backstage'),
    ).toBeInTheDocument();
    expect(
      within(row('Database migration')).queryByText(/^created /),
    ).toBeNull();
    expect(
      within(table)
        .getAllByRole('button', { name: /^Expire silence/ })
        .map(b => b.getAttribute('aria-label')),
    ).toEqual(['Expire silence Database migration']);
  });
});
