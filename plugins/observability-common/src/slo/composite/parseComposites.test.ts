import { parseCompositeSlos } from './parseComposites';

const options = { defaultNamespace: 'shop' };

describe('parseCompositeSlos', () => {
  it('reads a composite, defaulting the kind, the namespace, the weight and the window', () => {
    const { definitions, problems } = parseCompositeSlos(
      [
        {
          name: 'checkout-journey',
          displayName: 'Checkout journey',
          objective: '99.5%',
          components: [
            { entity: 'checkout', slo: 'availability', weight: 2 },
            { entity: 'Component:other/payments', slo: 'latency' },
          ],
        },
      ],
      options,
    );
    expect(problems).toEqual([]);
    expect(definitions).toEqual([
      {
        id: 'checkout-journey',
        name: 'Checkout journey',
        objective: 0.995,
        objectivePercent: 99.5,
        window: '30d',
        windowMs: 30 * 86_400_000,
        components: [
          {
            entityRef: 'component:shop/checkout',
            slo: 'availability',
            weight: 2,
          },
          { entityRef: 'component:other/payments', slo: 'latency', weight: 1 },
        ],
      },
    ]);
  });

  it('names the field of every mistake and keeps the right composites', () => {
    const { definitions, problems } = parseCompositeSlos(
      [
        {
          name: 'ok',
          objective: 99,
          window: 'calendar-month',
          components: [{ entity: 'a', slo: 'availability' }],
        },
        {
          name: 'bad',
          objective: 0.995,
          window: '30 days',
          components: [
            { entity: 'a/b/c', slo: 'availability', weight: 0 },
            { slo: '', weigth: 2 },
          ],
        },
        'text',
        { name: 'ok', objective: 99, components: [{ entity: 'a', slo: 'x' }] },
        { name: 'No_Caps', objective: 100, components: [] },
      ],
      options,
    );
    expect(definitions.map(d => d.id)).toEqual(['ok']);
    expect(definitions[0].calendar).toEqual({ unit: 'month', timeZone: 'UTC' });
    expect(problems.map(p => `${p.field}: ${p.message}`)).toEqual([
      '[1].objective: looks like a ratio; write the objective in percent (0.995 means 0.995%, not 99.5%)',
      expect.stringMatching(/^\[1\]\.window: "30 days" is not a duration/),
      '[1].components[0].entity: "a/b/c" is not an entity ref; write [kind:][namespace/]name',
      '[1].components[0].weight: 0 is not a weight; write a number greater than 0 (how many times each of its events counts)',
      '[1].components[1].weigth: is not a field of a composite component; the fields are entity, slo, weight',
      '[1].components[1].entity: is missing: the entity whose SLO this is',
      '[1].components[1].slo: is missing: the SLO id on that entity, as its SLO section lists it',
      '[2]: must be a mapping',
      '[3].name: "ok" is declared twice; composite names must be unique',
      '[4].name: "No_Caps" must be lowercase letters, digits and "-", at most 63 characters, starting and ending with a letter or digit',
      '[4].objective: must be below 100%: an objective of 100% leaves no error budget',
      '[4].components: must be a non-empty list of { entity, slo, weight }',
    ]);
    expect(problems.every(p => p.example || p.field.includes('['))).toBe(true);
  });

  it('refuses what is not a list, and a component listed twice', () => {
    expect(parseCompositeSlos({ name: 'x' }, options).problems[0].message).toBe(
      'must be a YAML list of composite SLOs',
    );
    const twice = parseCompositeSlos(
      [
        {
          name: 'x',
          objective: 99,
          components: [
            { entity: 'a', slo: 's' },
            { entity: 'component:shop/a', slo: 's' },
          ],
        },
      ],
      options,
    );
    expect(twice.definitions).toEqual([]);
    expect(twice.problems[0].field).toBe('[0].components[1]');
  });

  it('keeps hostile values out of its messages', () => {
    const { problems } = parseCompositeSlos(
      [
        {
          name: 'x'.repeat(90_000),
          objective: { __proto__: 1 },
          components: [{ entity: 'e', slo: 's', weight: 'x'.repeat(1000) }],
        },
      ],
      options,
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(Math.max(...problems.map(p => p.message.length))).toBeLessThan(300);
  });
});
