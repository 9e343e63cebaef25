import { opensloShop } from './__fixtures__/openslo';
import { slothApiService, slothRawRatio } from './__fixtures__/sloth';
import { parseSloDocuments } from './parseSpecs';

const file = 'slo.yaml';

describe('parseSloDocuments: files', () => {
  it('reads OpenSLO and Sloth documents from one file', () => {
    const { definitions } = parseSloDocuments([
      slothApiService,
      ...opensloShop,
    ]);
    expect(definitions).toHaveLength(2 + 6);
    expect(definitions.map(d => d.source)).toEqual([
      'sloth',
      'sloth',
      ...Array(6).fill('openslo'),
    ]);
  });

  it('skips empty documents and reports ones it cannot read', () => {
    const result = parseSloDocuments([
      null,
      'text',
      { kind: 'Deployment' },
      slothRawRatio,
    ]);
    expect(result.definitions.map(d => d.declaredAt.documentIndex)).toEqual([
      3,
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        documentIndex: 1,
        field: '',
        message: expect.stringMatching(/is not a mapping/),
      }),
      expect.objectContaining({
        documentIndex: 2,
        field: 'apiVersion',
        message: expect.stringMatching(
          /is not an OpenSLO v1 .* or Sloth .* document/,
        ),
      }),
    ]);
  });

  it('refuses a second SLO with the same id and keeps the first', () => {
    const result = parseSloDocuments([slothRawRatio, slothRawRatio], { file });
    expect(result.definitions).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        file,
        documentIndex: 1,
        slo: 'wifi-client-satisfaction',
        field: 'slos[0].name',
        message:
          'another SLO in this file already has the id "home-wifi-wifi-client-satisfaction"; give each SLO its own name',
      },
    ]);
  });
});
