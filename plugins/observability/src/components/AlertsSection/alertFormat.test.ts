import { createTimeFormatter } from '../shared/timeFormat';
import { alertmanagerAlertUrl, formatSince } from './alertFormat';

const utc = createTimeFormatter('utc', { locale: 'en-US' });

describe('alertmanagerAlertUrl', () => {
  it("narrows the entity's Alertmanager link to one alert's labels, values escaped", () => {
    const url = alertmanagerAlertUrl(
      'http://127.0.0.1:9093/#/alerts?silenced=true&inhibited=true&filter=%7Bservice%3D%22payments%22%7D',
      { service: 'payments', alertname: 'High"Error' },
    );
    const [base, fragment] = url.split('#');
    expect(base).toBe('http://127.0.0.1:9093/');
    const params = new URLSearchParams(fragment.split('?')[1]);
    expect(fragment.startsWith('/alerts?')).toBe(true);
    expect(params.get('silenced')).toBe('true');
    expect(params.get('inhibited')).toBe('true');
    expect(params.get('filter')).toBe(
      '{alertname="High\\"Error", service="payments"}',
    );
  });
});

describe('formatSince', () => {
  it('gives the time and how long ago it was', () => {
    const now = Date.parse('2026-11-22T03:00:00Z');
    expect(formatSince('2026-11-22T02:48:00Z', now, utc)).toBe(
      'Nov 22, 02:48 AM (12 min ago)',
    );
    expect(formatSince('2026-11-20T01:00:00Z', now, utc)).toMatch(
      /\(2 d 2 h ago\)$/,
    );
  });

  it('keeps a value it cannot read as it is', () => {
    expect(formatSince('soon', 0, utc)).toBe('soon');
  });
});
