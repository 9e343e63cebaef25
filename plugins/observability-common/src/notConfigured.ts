/**
 * Where the `observability` configuration is documented: the backend's
 * start-up warning, its "not configured" answers and the frontend's setup
 * state all point here.
 *
 * @public
 */
export const OBSERVABILITY_CONFIG_DOCS_URL =
  'https://github.com/sightline-dev/sightline#configuration';

/**
 * The message of the 503 every observability route answers while app-config
 * has no `observability` section. Adopters install first and configure
 * second: the frontend recognises this message and shows setup help instead
 * of an error.
 *
 * @public
 */
export const OBSERVABILITY_NOT_CONFIGURED_MESSAGE = `Sightline is not configured: add an 'observability' section with at least one cluster to app-config.yaml, e.g. observability: { clusters: [{ name: production, prometheus: { url: 'http://prometheus:9090' } }] }, then restart the backend. See ${OBSERVABILITY_CONFIG_DOCS_URL}`;
