import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { OBSERVABILITY_ANNOTATIONS } from '@sightline/plugin-observability-common';
import { resolveSloFileUrl, SloDefinitionReader } from './SloDefinitions';

const SLO_FILE = OBSERVABILITY_ANNOTATIONS.sloFile;
const SOURCE = 'https://github.com/acme/shop/tree/main/services/checkout/';

/** An OpenSLO file with one SLO, as the reader would fetch it. */
const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata: { name: availability }
spec:
  service: checkout
  budgetingMethod: Occurrences
  timeWindow: [{ duration: 28d, isRolling: true }]
  objectives: [{ target: 0.999 }]
  indicator:
    metadata: { name: errors }
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec: { query: 'sum(rate(http_requests_total{code!~"5.."}[5m]))' }
        total:
          metricSource:
            type: Prometheus
            spec: { query: 'sum(rate(http_requests_total[5m]))' }
`;

function entity(file: string, location = `url:${SOURCE}`): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      annotations: {
        'backstage.io/source-location': location,
        [SLO_FILE]: file,
      },
    },
    spec: { type: 'service', owner: 'team-shop' },
  };
}

async function read(file: string, location?: string) {
  const urlReader = mockServices.urlReader.mock({
    readUrl: jest.fn(async () => ({
      buffer: async () => Buffer.from(OPENSLO),
      etag: '1',
    })),
  });
  const result = await new SloDefinitionReader(urlReader).read(
    entity(file, location),
  );
  const urls = urlReader.readUrl.mock.calls.map(([url]) => url);
  return { ...result, urls };
}

describe('sightline.dev/slo-file', () => {
  it.each([
    ['slos.yaml', `${SOURCE}slos.yaml`],
    ['./slos.yaml', `${SOURCE}slos.yaml`],
    ['.sightline/slos.yaml', `${SOURCE}.sightline/slos.yaml`],
    ['a/./b/slos.yaml', `${SOURCE}a/b/slos.yaml`],
    ['..slos.yaml', `${SOURCE}..slos.yaml`],
    ['slos..yaml', `${SOURCE}slos..yaml`],
  ])('reads %s at %s', async (file, url) => {
    const { definitions, problems, urls } = await read(file);
    expect(problems).toEqual([]);
    expect(urls).toEqual([url]);
    expect(definitions.map(d => d.id)).toEqual(['availability']);
  });

  it('reads beside the catalog file when only managed-by-location is set', async () => {
    const { urls } = await read(
      'slos.yaml',
      'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
    );
    expect(urls).toEqual(['https://github.com/acme/shop/blob/main/slos.yaml']);
  });

  it.each([
    // Up and out, into another repository on the same host.
    ['../payments/slos.yaml', 'climbs out with ".."'],
    ['../../../../other-org/secrets/blob/main/slos.yaml', 'climbs out'],
    ['a/../../slos.yaml', 'climbs out'],
    ['..', 'climbs out'],
    ['slos/..', 'climbs out'],
    // Backslashes, which the URL parser reads as slashes.
    ['..\\slos.yaml', 'contains a backslash'],
    ['a\\..\\..\\slos.yaml', 'contains a backslash'],
    ['\\slos.yaml', 'is an absolute path'],
    ['\\\\evil.example\\share\\slos.yaml', 'is an absolute path'],
    // Absolute paths, and protocol-relative URLs to another host.
    ['/etc/passwd', 'is an absolute path'],
    ['/acme/other-repo/blob/main/slos.yaml', 'is an absolute path'],
    ['//evil.example/slos.yaml', 'is an absolute path'],
    // Traversal the host decodes, once or twice.
    ['%2e%2e/slos.yaml', 'is URL-encoded'],
    ['%2E%2E%2Fslos.yaml', 'is URL-encoded'],
    ['..%2fslos.yaml', 'is URL-encoded'],
    ['%5c..%5cslos.yaml', 'is URL-encoded'],
    ['%252e%252e/slos.yaml', 'is URL-encoded'],
    // Schemes: other hosts, local files, scripts; a drive letter looks like one.
    ['http://evil.example/slos.yaml', 'is a URL'],
    ['https://github.com/acme/other/blob/main/slos.yaml', 'is a URL'],
    ['file:///etc/passwd', 'is a URL'],
    ['FILE:/etc/passwd', 'is a URL'],
    ['data:text/yaml,slos: []', 'is a URL'],
    ['ftp://evil.example/slos.yaml', 'is a URL'],
    ['C:\\slos.yaml', 'is a URL'],
    // Another ref or page of the same file.
    ['slos.yaml?ref=attacker-branch', 'has a query or fragment'],
    ['slos.yaml#L1', 'has a query or fragment'],
    // Control characters that could split a request line.
    ['slos.yaml\r\nHost: evil.example', 'contains control characters'],
    ['slos\u0000.yaml', 'contains control characters'],
  ])(
    'refuses %j (%s) with a problem naming the annotation, reading nothing',
    async (file, reason) => {
      const { definitions, problems, urls } = await read(file);
      expect(urls).toEqual([]);
      expect(definitions).toEqual([]);
      expect(problems).toEqual([
        {
          source: SLO_FILE,
          field: SLO_FILE,
          message: expect.stringContaining(reason),
          example: '.sightline/slos.yaml',
        },
      ]);
      expect(problems[0].message).toContain(
        "must be a path relative to the entity's source location and inside it",
      );
    },
  );
});

describe('resolveSloFileUrl', () => {
  it.each([
    '../x.yaml',
    '%2e%2e/x.yaml',
    '..\\x.yaml',
    '/x.yaml',
    '//evil.example/x.yaml',
    'https://evil.example/x.yaml',
  ])(
    'keeps %j inside the source location by the URL it resolves to, too',
    file => {
      expect(() => resolveSloFileUrl(entity(file), file)).toThrow(
        "leaves the entity's source location",
      );
    },
  );
});
