/** Shorter values would redact ordinary words; they are not guessable secrets anyway. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/** The most characters one character can take escaped: 4 UTF-8 bytes as `%XX`. */
const MAX_ESCAPED_CHAR_LENGTH = 12;

/**
 * Removes an upstream's configured secrets from text that came back from it,
 * in every form an upstream or a proxy in front of it may echo them: as sent,
 * URL-encoded, JSON `\u`-escaped (Go's encoder escapes `<`, `>` and `&`),
 * base64 (Basic auth is base64 of `user:pass`; the pair's parts too, and a
 * secret inside a longer base64 blob), in any letter case, and any mix of
 * these character by character.
 */
export class SecretRedactor {
  static forHeaders(headers: Record<string, string>): SecretRedactor {
    return new SecretRedactor(credentialsIn(headers));
  }

  private readonly pattern?: RegExp;
  /** How far past its start an escaped secret can reach. */
  private readonly reach: number;

  private constructor(secrets: string[]) {
    const forms = [...new Set(secrets.flatMap(encodedForms))]
      .filter(form => form.length >= MIN_SECRET_LENGTH)
      // Longest first: a secret's longer forms win over the parts inside them.
      .sort((a, b) => b.length - a.length);
    if (forms.length > 0) {
      this.pattern = new RegExp(forms.map(anyEscaping).join('|'), 'gi');
    }
    this.reach = (forms[0]?.length ?? 0) * MAX_ESCAPED_CHAR_LENGTH;
  }

  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }

  /**
   * The first `length` characters of `text`, redacted. Reads only as far as
   * a secret starting among them can reach, so a large answer costs no
   * more than a small one, and cuts after redacting: a cut first could
   * leave the start of a secret.
   */
  redactedStart(text: string, length: number): string {
    return this.redact(text.slice(0, length + this.reach)).slice(0, length);
  }
}

/**
 * Header values as sent, and the credentials inside them (a bearer token, a
 * basic-auth pair, its user and its password). Tenant headers count too:
 * what an operator configured is not for the browser to see.
 */
function credentialsIn(headers: Record<string, string>): string[] {
  return Object.values(headers).flatMap(value => {
    const [, scheme, credential] = value.match(/^(\w+)\s+(.+)$/) ?? [];
    if (!credential) return [value];
    if (scheme.toLowerCase() !== 'basic') return [value, credential];
    const pair = Buffer.from(credential, 'base64').toString();
    const colon = pair.indexOf(':');
    return [
      value,
      credential,
      pair,
      pair.slice(0, colon),
      pair.slice(colon + 1),
    ];
  });
}

/** A secret as is, and as base64 and base64url: whole, and inside a blob. */
function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  // Preceded by 0, 1 or 2 other bytes, only the characters that encode the
  // secret's bits alone are the same in any blob: those are redacted.
  const insideBlobs = [0, 1, 2].map(offset =>
    Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .slice(
        Math.ceil((8 * offset) / 6),
        Math.floor((8 * (offset + bytes.length)) / 6),
      ),
  );
  const whole = bytes.toString('base64').replace(/=+$/, '');
  return [secret, whole, ...insideBlobs].flatMap(form => [
    form,
    form.replace(/\+/g, '-').replace(/\//g, '_'),
  ]);
}

/**
 * A pattern matching `form` with each character as itself or escaped: `%XX`
 * (its UTF-8 bytes), `\uXXXX` (its UTF-16 units), `+` for a space, JSON's
 * backslash escapes. Matched case-insensitively: letters, hex digits, and
 * the escapes of a letter in either case.
 */
function anyEscaping(form: string): string {
  return [...form]
    .map(char => {
      const cases = [...new Set([char.toLowerCase(), char.toUpperCase()])];
      const alternatives = [
        char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
        ...cases.flatMap(c => [
          [...Buffer.from(c)].map(byte => `%${hex(byte, 2)}`).join(''),
          Array.from(
            { length: c.length },
            (_, i) => `\\\\u${hex(c.charCodeAt(i), 4)}`,
          ).join(''),
        ]),
      ];
      if (char === ' ') alternatives.push('\\+');
      if (char === '/' || char === '"' || char === '\\') {
        alternatives.push(`\\\\\\${char}`);
      }
      return `(?:${alternatives.join('|')})`;
    })
    .join('');
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}
