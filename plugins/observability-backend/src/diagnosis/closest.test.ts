import { closestFirst } from './closest';

describe('closestFirst', () => {
  it('puts names containing the wanted one first, then the fewest edits', () => {
    expect(closestFirst('checkot', ['payments', 'kbot', 'checkout'])).toEqual([
      'checkout',
      'kbot',
      'payments',
    ]);
    expect(closestFirst('shop', ['shop-api', 'ship', 'default'])).toEqual([
      'shop-api',
      'ship',
      'default',
    ]);
  });

  it('drops duplicates', () => {
    expect(closestFirst('a', ['b', 'b'])).toEqual(['b']);
  });
});
