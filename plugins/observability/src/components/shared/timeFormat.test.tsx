import { storageApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { createTimeFormatter, useTimeFormat } from './timeFormat';

describe('createTimeFormatter', () => {
  const at = Date.parse('2026-12-06T21:06:04.919Z');

  it("writes every instant in the viewer's zone by default", () => {
    const local = createTimeFormatter('local', {
      locale: 'en-US',
      localTimeZone: 'Europe/Paris',
    });
    expect(local.timeZone).toBe('Europe/Paris');
    expect(local.time(at)).toBe('10:06 PM');
    expect(local.date(at)).toBe('Dec 6');
    expect(local.dateTime(at)).toBe('Dec 6, 10:06 PM');
    expect(local.dateTimeSeconds(at)).toBe('Dec 6, 10:06:04 PM');
    expect(local.preciseDateTime(at)).toBe('Dec 6, 10:06:04.919 PM');
    expect(local.offsetMs(at)).toBe(3_600_000);
  });

  it('writes the same instant in UTC when asked', () => {
    const utc = createTimeFormatter('utc', {
      locale: 'en-US',
      localTimeZone: 'Europe/Paris',
    });
    expect(utc.timeZone).toBe('UTC');
    expect(utc.dateTime(at)).toBe('Dec 6, 09:06 PM');
    expect(utc.offsetMs(at)).toBe(0);
  });

  it('follows the locale, not a fixed US format', () => {
    const german = createTimeFormatter('utc', { locale: 'de-DE' });
    expect(german.dateTime(at)).toBe('6. Dez., 21:06');
  });

  it('finds half-hour offsets', () => {
    const kolkata = createTimeFormatter('local', {
      localTimeZone: 'Asia/Kolkata',
    });
    expect(kolkata.offsetMs(at)).toBe(5.5 * 3_600_000);
  });
});

describe('useTimeFormat', () => {
  it('gives every panel of the page the same formatter, built once', () => {
    // Each formatter is five Intl.DateTimeFormats, costly to build; every
    // chart, deployment marker and table row of a page asks for one.
    const storage = mockApis.storage();
    const wrapper = ({ children }: PropsWithChildren<{}>) => (
      <TestApiProvider apis={[[storageApiRef, storage]]}>
        {children}
      </TestApiProvider>
    );
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    const first = renderHook(() => useTimeFormat(), { wrapper });
    const second = renderHook(() => useTimeFormat(), { wrapper });
    expect(second.result.current.dateTime).toBe(first.result.current.dateTime);
    expect(built.mock.calls.length).toBeLessThanOrEqual(6);
    built.mockRestore();
  });
});
