import {
  entityRefLabelValue,
  isLabelValue,
  prometheusDuration,
  toDnsLabel,
} from './naming';

describe('naming', () => {
  it("formats durations as Prometheus' model.Duration does (Sloth's window names)", () => {
    const day = 86_400_000;
    expect(
      [
        5 * 60_000,
        30 * 60_000,
        3_600_000,
        2 * 3_600_000,
        day,
        3 * day,
        7 * day,
        28 * day,
        30 * day,
        90 * day,
        365 * day,
        5_400_000,
        0,
      ].map(prometheusDuration),
    ).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '1d',
      '3d',
      '1w',
      '4w',
      '30d',
      '90d',
      '1y',
      '1h30m',
      '0s',
    ]);
  });

  it('encodes entity refs as valid, unique label values', () => {
    expect(entityRefLabelValue('component:default/kbot')).toBe(
      'component.default.kbot',
    );
    expect(entityRefLabelValue('Component:Default/KBot')).toBe(
      'component.default.kbot',
    );
    const long = `component:default/${'a'.repeat(80)}`;
    const other = `component:default/${'a'.repeat(79)}b`;
    for (const ref of [
      long,
      other,
      'component:default/x_',
      'resource:ns/with spaces',
    ]) {
      const value = entityRefLabelValue(ref);
      expect(isLabelValue(value)).toBe(true);
      expect(value.length).toBeLessThanOrEqual(63);
    }
    expect(entityRefLabelValue(long)).not.toBe(entityRefLabelValue(other));
  });

  it('makes RFC 1123 names, shortening with a digest', () => {
    expect(toDnsLabel('My_Service.v2')).toBe('my-service-v2');
    const long = toDnsLabel('x'.repeat(70));
    expect(long).toMatch(/^x{54}-[0-9a-f]{8}$/);
  });
});
