import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * A second guest-like sign-in, `visitor`, for trying the permission policy
 * as someone who owns nothing: like guest, it asks for nothing, signs in as
 * the configured user (`auth.providers.visitor.userEntityRef`) and works in
 * development only (or with `dangerouslyAllowOutsideDevelopment`, as guest
 * has). The e2e and policy tests sign in with it.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'visitor-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        // Like every auth provider, only where configured.
        const visitor = config.getOptionalConfig('auth.providers.visitor');
        if (!visitor) return;
        const userEntityRef = visitor.getString('userEntityRef');
        providers.registerProvider({
          providerId: 'visitor',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: ({ config: provider }) =>
                process.env.NODE_ENV === 'development' ||
                provider.getOptionalBoolean(
                  'dangerouslyAllowOutsideDevelopment',
                ) === true,
              async authenticate(_, allowed) {
                if (!allowed) {
                  throw new NotAllowedError(
                    'The visitor sign-in only works in development, unless auth.providers.visitor.dangerouslyAllowOutsideDevelopment is set',
                  );
                }
                return { result: {} };
              },
            }),
            signInResolver: async (_, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: userEntityRef }),
          }),
        });
      },
    });
  },
});
