import { secretEchoes, secretsIn } from '../__testUtils__/secretEchoes';
import { REDACTED, SecretRedactor } from './SecretRedactor';

const USER = 'grafana-admin';
const PASSWORD = 'hunter22<&/+s3cr3t';
const PAIR = `${USER}:${PASSWORD}`;
const BASIC = Buffer.from(PAIR).toString('base64');
const TOKEN = 'tok_3e0a/+=Z<z>&q';

describe('SecretRedactor', () => {
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'basic auth',
      { Authorization: `Basic ${BASIC}` },
      [`Basic ${BASIC}`, BASIC, PAIR, USER, PASSWORD],
    ],
    ['a bearer token', { Authorization: `Bearer ${TOKEN}` }, [TOKEN]],
    ['a tenant header', { 'X-Scope-OrgID': 'tenant-shop' }, ['tenant-shop']],
  ];

  describe.each(cases)('for %s', (_, headers, secrets) => {
    const redactor = SecretRedactor.forHeaders(headers);
    const echoes = secrets.flatMap(secret =>
      Object.entries(secretEchoes(secret)).map(
        ([form, echo]) => [`${secret} ${form}`, echo] as const,
      ),
    );

    it.each(echoes)('redacts %s', (_form, echo) => {
      const text = `upstream said: ${echo} (in field "x")`;
      expect(secretsIn(text, secrets)).not.toEqual([]);
      const redacted = redactor.redact(text);
      expect(redacted).toContain(REDACTED);
      expect(secretsIn(redacted, secrets)).toEqual([]);
    });
  });

  it('cuts text after redacting, reading only as far as a secret can reach', () => {
    const redactor = SecretRedactor.forHeaders({
      Authorization: `Bearer ${TOKEN}`,
    });
    // The token URL-encoded, starting just before the cut.
    const text = `${'x'.repeat(75)}${encodeURIComponent(TOKEN)}${'y'.repeat(
      10_000_000,
    )}`;
    const started = performance.now();
    expect(redactor.redactedStart(text, 80)).toBe(
      `${'x'.repeat(75)}${REDACTED.slice(0, 5)}`,
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('leaves text without secrets as it is', () => {
    const redactor = SecretRedactor.forHeaders({
      Authorization: `Basic ${BASIC}`,
    });
    const text = 'parse error at char 3: unexpected "}" in /api/v1/query';
    expect(redactor.redact(text)).toBe(text);
  });

  it('ignores values too short to tell from ordinary words', () => {
    const redactor = SecretRedactor.forHeaders({ 'X-Scope-OrgID': 'a1' });
    expect(redactor.redact('a1 data')).toBe('a1 data');
  });
});
