import { RecentAnswers } from './RecentAnswers';

describe('RecentAnswers', () => {
  let now = 1_000;
  const clock = () => now;

  it('answers until the entry expires, including an undefined answer', () => {
    const recent = new RecentAnswers(10, clock);
    recent.set('a', { result: [1] }, now + 100);
    recent.set('empty', undefined, now + 100);
    expect(recent.get('a')).toEqual({ value: { result: [1] } });
    expect(recent.get('empty')).toEqual({ value: undefined });
    now += 100;
    expect(recent.get('a')).toBeUndefined();
    expect(recent.get('missing')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const recent = new RecentAnswers(2, clock);
    recent.set('a', 1, now + 1_000);
    recent.set('b', 2, now + 1_000);
    recent.get('a');
    recent.set('c', 3, now + 1_000);
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')).toEqual({ value: 1 });
    expect(recent.get('c')).toEqual({ value: 3 });
  });

  it('does not store what has already expired', () => {
    const recent = new RecentAnswers(2, clock);
    recent.set('a', 1, now);
    expect(recent.get('a')).toBeUndefined();
  });
});
