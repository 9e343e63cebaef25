/**
 * The example backend's permission policy, decided the way Backstage does it:
 * the real permission backend runs the policy, whose conditional decision
 * (isEntityOwner) it hands to the real catalog's apply-conditions endpoint
 * with the entity ref the observability plugin asked about. Users sign in
 * for real, through the example's guest and visitor providers: the catalog
 * reads examples/entities, where guest is a member of team-shop, which owns
 * payments, and visitor owns nothing. Silences go to the local stack's real
 * Alertmanager, apply to the e2e stack's Kubernetes API stand-in.
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import observabilityPlugin from '@sightline/plugin-observability-backend';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import request from 'supertest';
import permissionPolicyModule from './permissionPolicy';
import visitorSignIn from './visitorSignIn';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples/entities');
const STANDIN = path.resolve(__dirname, '../../../e2e/standins/kubernetes.mjs');
// The local stack's Alertmanager (scripts/test.sh starts the stack first).
const ALERTMANAGER = 'http://127.0.0.1:9093';
const PAYMENTS = '/api/observability/entities/component/default/payments';
const GUEST = 'user:default/guest';

type AmSilence = { id: string; comment: string; status: { state: string } };

async function silencesWithComment(comment: string): Promise<AmSilence[]> {
  const res = await fetch(`${ALERTMANAGER}/api/v2/silences`);
  const all = (await res.json()) as AmSilence[];
  return all.filter(s => s.comment.startsWith(comment));
}

describe('the example permission policy', () => {
  let standin: ChildProcess;
  let server: Parameters<typeof request>[0];
  const created: string[] = [];
  /** `Bearer <token>` of each sign-in, issued by the auth backend. */
  const signedIn: Record<'guest' | 'visitor', string> = {
    guest: '',
    visitor: '',
  };

  beforeAll(async () => {
    standin = spawn(
      process.execPath,
      [STANDIN, '--port', '0', '--token', 'k8s-token'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const kubernetesUrl = await new Promise<string>((resolve, reject) => {
      standin.once('error', reject);
      createInterface({ input: standin.stdout! }).once('line', line =>
        resolve(JSON.parse(line).url),
      );
    });
    ({ server } = await startTestBackend({
      features: [
        authPlugin,
        guestProvider,
        visitorSignIn,
        permissionPlugin,
        permissionPolicyModule,
        catalogPlugin,
        observabilityPlugin,
        // The real services: the mocks decide permissions on their own, serve
        // no apply-conditions endpoint, and drop the calling plugin from
        // on-behalf-of tokens, which the permission backend needs to accept
        // the catalog's own conditional queries.
        authServiceFactory,
        httpAuthServiceFactory,
        userInfoServiceFactory,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              providers: Object.fromEntries(
                ['guest', 'visitor'].map(id => [
                  id,
                  {
                    userEntityRef: `user:default/${id}`,
                    // Jest runs with NODE_ENV=test.
                    dangerouslyAllowOutsideDevelopment: true,
                  },
                ]),
              ),
            },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Group', 'User'] }],
              locations: ['shop.yaml', 'org.yaml'].map(file => ({
                type: 'file',
                target: path.join(EXAMPLES, file),
              })),
            },
            observability: {
              clusters: [
                {
                  name: 'local',
                  alertmanager: { url: ALERTMANAGER },
                  kubernetes: {
                    url: kubernetesUrl,
                    token: 'k8s-token',
                    allowedNamespaces: ['shop'],
                  },
                },
              ],
            },
          },
        }),
      ],
    }));
    // The catalog reads the locations and stitches memberships and
    // ownership in the background; sign-in needs the user entities.
    for (let i = 0; ; i++) {
      const [guest, visitor] = [await signIn('guest'), await signIn('visitor')];
      if (
        guest?.identity.ownershipEntityRefs.includes(
          'group:default/team-shop',
        ) &&
        visitor?.identity.ownershipEntityRefs.includes('user:default/visitor')
      ) {
        signedIn.guest = `Bearer ${guest.token}`;
        signedIn.visitor = `Bearer ${visitor.token}`;
        const payments = await request(server)
          .get('/api/catalog/entities/by-name/component/default/payments')
          .set('Authorization', signedIn.guest);
        if (payments.body?.relations?.some((r: any) => r.type === 'ownedBy'))
          break;
      }
      if (i === 120) throw new Error('the catalog never read examples/');
      await new Promise(r => setTimeout(r, 500));
    }
  });

  /** The identity the example's sign-in gives, once the catalog knows the user. */
  async function signIn(provider: 'guest' | 'visitor') {
    const res = await request(server)
      .get(`/api/auth/${provider}/refresh`)
      .set('X-Requested-With', 'XMLHttpRequest');
    return res.body?.backstageIdentity as
      | { token: string; identity: { ownershipEntityRefs: string[] } }
      | undefined;
  }

  afterAll(async () => {
    for (const id of created) {
      await fetch(`${ALERTMANAGER}/api/v2/silence/${id}`, { method: 'DELETE' });
    }
    standin?.kill();
  });

  /** A silence of an alert that never fires, so nothing real is muted. */
  const silence = (comment: string) => ({
    comment,
    durationMinutes: 5,
    matchers: [
      { name: 'alertname', op: '=', value: 'SightlinePolicyTestNeverFires' },
    ],
  });

  it("lets guest, of team-shop, silence and expire payments' alerts", async () => {
    const comment = `policy test: owner ${Date.now()}`;
    const res = await request(server)
      .post(`${PAYMENTS}/silences`)
      .set('Authorization', signedIn.guest)
      .send(silence(comment));
    expect(res.status).toBe(201);
    created.push(res.body.id);
    expect(res.body.createdBy).toBe(GUEST);
    expect(await silencesWithComment(comment)).toHaveLength(1);

    const expired = await request(server)
      .delete(`${PAYMENTS}/silences/${res.body.id}`)
      .set('Authorization', signedIn.guest);
    expect(expired.status).toBe(204);
  });

  it('refuses visitor, who owns nothing, a silence (403), sending nothing to Alertmanager', async () => {
    const comment = `policy test: not an owner ${Date.now()}`;
    const res = await request(server)
      .post(`${PAYMENTS}/silences`)
      .set('Authorization', signedIn.visitor)
      .send(silence(comment));
    if (res.status === 201) created.push(res.body.id);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Creating or expiring silences of component:default/payments needs the observability.silence.create permission for it',
    );
    expect(await silencesWithComment(comment)).toEqual([]);
  });

  it('lets guest apply monitoring of payments (a dry run) and refuses visitor (403)', async () => {
    const owner = await request(server)
      .post(`${PAYMENTS}/monitoring/apply`)
      .set('Authorization', signedIn.guest)
      .send({});
    expect(owner.status).toBe(200);
    expect(owner.body.dryRun).toBe(true);

    const visitor = await request(server)
      .post(`${PAYMENTS}/monitoring/apply`)
      .set('Authorization', signedIn.visitor)
      .send({});
    expect(visitor.status).toBe(403);
    expect(visitor.body.error.message).toContain(
      'observability.monitoring.apply',
    );
  });

  it("lets guest exclude a period from payments' SLO budgets and delete it, and refuses visitor (403)", async () => {
    const adjustment = {
      reason: 'policy test: maintenance',
      start: '2026-11-01T02:00:00Z',
      duration: '1h',
    };
    const visitor = await request(server)
      .post(`${PAYMENTS}/slo-adjustments`)
      .set('Authorization', signedIn.visitor)
      .send(adjustment);
    expect(visitor.status).toBe(403);
    expect(visitor.body.error.message).toContain('observability.slo.adjust');

    const owner = await request(server)
      .post(`${PAYMENTS}/slo-adjustments`)
      .set('Authorization', signedIn.guest)
      .send(adjustment);
    expect(owner.status).toBe(201);
    expect(owner.body.createdBy).toBe(GUEST);
    const deleted = await request(server)
      .delete(`${PAYMENTS}/slo-adjustments/${owner.body.id}`)
      .set('Authorization', signedIn.guest);
    expect(deleted.status).toBe(204);
  });
});
