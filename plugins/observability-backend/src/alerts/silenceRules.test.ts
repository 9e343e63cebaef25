/**
 * The rules a silence must follow before anything reaches Alertmanager: a
 * comment, a bounded duration, and the permission observability.silence.create
 * for creating and for expiring. Alertmanager is a recording stand-in that
 * answers the API v2 shapes the plugin uses.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { MAX_SILENCE_MINUTES } from '@sightline/plugin-observability-common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { shopComponent } from '../__testUtils__/entities';
import { startObservabilityBackend } from '../__testUtils__/localStackBackend';

const SILENCE_ID = '0f9e2a1c-5b7d-4e3a-9c8b-1a2b3c4d5e6f';
const SILENCES =
  '/api/observability/entities/component/default/checkout/silences';

describe('silence rules', () => {
  let alertmanager: Server;
  const received: { method: string; path: string; body: string }[] = [];

  beforeAll(async () => {
    alertmanager = createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0];
        received.push({ method: req.method ?? '', path, body });
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST' && path === '/api/v2/silences') {
          res.end(JSON.stringify({ silenceID: SILENCE_ID }));
        } else if (path === `/api/v2/silence/${SILENCE_ID}`) {
          if (req.method === 'DELETE') {
            res.end();
            return;
          }
          res.end(
            JSON.stringify({
              id: SILENCE_ID,
              matchers: [
                { name: 'namespace', value: 'shop', isRegex: false },
                { name: 'service', value: 'checkout', isRegex: false },
              ],
              startsAt: '2026-01-01T00:00:00Z',
              endsAt: '2026-01-01T01:00:00Z',
              createdBy: 'user:default/mock',
              comment:
                'deploying [sightline.dev/entity=component:default/checkout]',
              status: { state: 'active' },
            }),
          );
        } else {
          res.end('[]');
        }
      });
    });
    await new Promise<void>(r => alertmanager.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise(r => alertmanager.close(r)));
  beforeEach(() => {
    received.length = 0;
  });

  /** The permission decisions asked for, about which entity, with whose credentials. */
  const asked: {
    permission: string;
    resourceRef?: string;
    principal: unknown;
  }[] = [];

  async function startBackend(
    decision:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    asked.length = 0;
    const permissions = mockServices.permissions.mock({
      async authorize(requests, options) {
        for (const r of requests) {
          asked.push({
            permission: r.permission.name,
            resourceRef: r.resourceRef,
            principal: options?.credentials.principal,
          });
        }
        return requests.map(() => ({ result: decision })) as any;
      },
    });
    const { server } = await startObservabilityBackend({
      entities: [shopComponent('checkout')],
      observability: {
        clusters: [
          {
            name: 'local',
            alertmanager: {
              url: `http://127.0.0.1:${
                (alertmanager.address() as AddressInfo).port
              }`,
            },
          },
        ],
      },
      features: [permissions.factory],
    });
    return server;
  }

  it.each([
    ['no comment', { durationMinutes: 30 }],
    ['an empty comment', { comment: '', durationMinutes: 30 }],
    ['a two-letter comment', { comment: 'ok', durationMinutes: 30 }],
    ['a comment of blanks', { comment: '     ', durationMinutes: 30 }],
    [
      "another entity's owner tag in the comment",
      {
        comment: 'mine now [sightline.dev/entity=component:default/payments]',
        durationMinutes: 30,
      },
    ],
  ])(
    'refuses a silence with %s, naming the comment, and sends nothing to Alertmanager',
    async (_, body) => {
      const server = await startBackend();
      const res = await request(server).post(SILENCES).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/comment/);
      expect(received).toEqual([]);
    },
  );

  it.each([
    ['over the limit', MAX_SILENCE_MINUTES + 1, `<= ${MAX_SILENCE_MINUTES}`],
    ['of a year', 525_600, `<= ${MAX_SILENCE_MINUTES}`],
    ['of zero', 0, '>= 1'],
    ['that is negative', -5, '>= 1'],
    ['that is fractional', 2.5, 'integer'],
  ])(
    'refuses a duration %s with a 400 naming the limit it breaks',
    async (_, durationMinutes, limit) => {
      const server = await startBackend();
      const res = await request(server)
        .post(SILENCES)
        .send({ comment: 'deploying a fix', durationMinutes });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('durationMinutes');
      expect(res.body.error.message).toContain(limit);
      expect(received).toEqual([]);
    },
  );

  it('accepts exactly the limit, and records who created it', async () => {
    const server = await startBackend();
    const res = await request(server).post(SILENCES).send({
      comment: 'deploying a fix',
      durationMinutes: MAX_SILENCE_MINUTES,
    });
    expect(res.status).toBe(201);
    const posted = received.find(r => r.method === 'POST');
    const silence = JSON.parse(posted!.body);
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(
      MAX_SILENCE_MINUTES * 60_000,
    );
    expect(silence.createdBy).toBe('user:default/mock');
    expect(silence.comment).toBe(
      'deploying a fix [sightline.dev/entity=component:default/checkout]',
    );
  });

  it.each([
    [
      'create',
      (server: Server) =>
        request(server)
          .post(SILENCES)
          .send({ comment: 'deploying a fix', durationMinutes: 30 }),
    ],
    [
      'expire',
      (server: Server) => request(server).delete(`${SILENCES}/${SILENCE_ID}`),
    ],
  ])(
    'refuses to %s without observability.silence.create for the entity (403), asking as the user, sending nothing to Alertmanager',
    async (_, send) => {
      const res = await send(await startBackend(AuthorizeResult.DENY));
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('observability.silence.create');
      expect(asked).toEqual([
        {
          permission: 'observability.silence.create',
          resourceRef: 'component:default/checkout',
          principal: mockCredentials.user().principal,
        },
      ]);
      expect(received).toEqual([]);
    },
  );

  it('expires with the permission: the stand-in sees the DELETE', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    const res = await request(server).delete(`${SILENCES}/${SILENCE_ID}`);
    expect(res.status).toBe(204);
    expect(asked.map(a => a.permission)).toEqual([
      'observability.silence.create',
    ]);
    expect(received).toContainEqual({
      method: 'DELETE',
      path: `/api/v2/silence/${SILENCE_ID}`,
      body: '',
    });
  });

  it('refuses silences to service principals, who have no user to record', async () => {
    const server = await startBackend(AuthorizeResult.ALLOW);
    const res = await request(server)
      .delete(`${SILENCES}/${SILENCE_ID}`)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(403);
    expect(received).toEqual([]);
  });
});
