import { hasOwnerTag, readOwner, withOwner } from './silenceOwner';

describe('the owner tag of a silence', () => {
  it('round-trips the comment and the entity ref', () => {
    const stored = withOwner('Rolling back', 'component:default/checkout');
    expect(stored).toBe(
      'Rolling back [sightline.dev/entity=component:default/checkout]',
    );
    expect(readOwner(stored)).toEqual({
      comment: 'Rolling back',
      entityRef: 'component:default/checkout',
    });
  });

  it('has no owner for a silence made outside Sightline', () => {
    expect(readOwner('maintenance window')).toEqual({
      comment: 'maintenance window',
    });
    // Alertmanager users may mention the tag; only a trailing one counts.
    expect(
      readOwner('see [sightline.dev/entity=component:default/a] and more'),
    ).toEqual({
      comment: 'see [sightline.dev/entity=component:default/a] and more',
    });
  });

  it('trusts only the last tag, the one Sightline appended', () => {
    expect(
      readOwner(
        withOwner(
          'x [sightline.dev/entity=component:default/payments]',
          'component:default/shop-wide',
        ),
      ).entityRef,
    ).toBe('component:default/shop-wide');
  });

  it('finds a tag a user tried to write into a comment', () => {
    expect(hasOwnerTag('x [sightline.dev/entity=component:default/a]')).toBe(
      true,
    );
    expect(hasOwnerTag('deploying a fix')).toBe(false);
  });
});
