/**
 * How an upstream, or a proxy in front of it, may echo a request's secret
 * back (each by name), and an independent check that a text no longer
 * carries one: the tests of redaction use both, never the redactor's own
 * patterns.
 */
export function secretEchoes(secret: string): Record<string, string> {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const jsonEscapedEveryChar = (text: string) =>
    [...text]
      .map(c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('');
  return {
    raw: secret,
    'lower case': secret.toLowerCase(),
    'upper case': secret.toUpperCase(),
    'URL-encoded': encodeURIComponent(secret),
    'every byte URL-encoded, lower-case hex': [...Buffer.from(secret)]
      .map(b => `%${b.toString(16).padStart(2, '0')}`)
      .join(''),
    'form-encoded': new URLSearchParams({ v: secret }).toString().slice(2),
    'JSON \\u-escaped, every character': jsonEscapedEveryChar(secret),
    "JSON-escaped as Go's encoder does (<, >, &)": secret.replace(
      /[<>&]/g,
      c => `\\u00${c.charCodeAt(0).toString(16)}`,
    ),
    'JSON with escaped slashes': JSON.stringify(secret)
      .slice(1, -1)
      .replace(/\//g, '\\/'),
    base64: base64(secret),
    'base64, lower case': base64(secret).toLowerCase(),
    base64url: Buffer.from(secret).toString('base64url'),
    'base64, URL-encoded': encodeURIComponent(base64(secret)),
    'inside a base64 blob, offset 0': base64(`${secret} and more`),
    'inside a base64 blob, offset 1': base64(`x${secret} and more`),
    'inside a base64 blob, offset 2': base64(`xy${secret} and more`),
    'lower case, JSON \\u-escaped': jsonEscapedEveryChar(secret.toLowerCase()),
  };
}

/** Which of `secrets` `text` still carries, in any form secretEchoes makes. */
export function secretsIn(text: string, secrets: string[]): string[] {
  const views = [text, unescapeJson(text), percentDecode(text)];
  views.push(percentDecode(views[1]), unescapeJson(views[2]));
  return secrets.filter(secret =>
    views.some(
      view =>
        view.toLowerCase().includes(secret.toLowerCase()) ||
        view
          .toLowerCase()
          .includes(Buffer.from(secret).toString('base64').toLowerCase()) ||
        base64Decodings(view).some(decoded => decoded.includes(secret)),
    ),
  );
}

function unescapeJson(text: string): string {
  return text
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex) =>
      String.fromCharCode(parseInt(hex, 16)),
    )
    .replace(/\\([/"\\])/g, '$1');
}

function percentDecode(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(%[0-9a-f]{2})+/gi, run => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Every run of base64 characters, decoded from each of its first four offsets. */
function base64Decodings(text: string): string[] {
  return (text.match(/[A-Za-z0-9+/_-]{4,}/g) ?? []).flatMap(run =>
    [0, 1, 2, 3].map(offset =>
      Buffer.from(
        run.slice(offset).replace(/-/g, '+').replace(/_/g, '/'),
        'base64',
      ).toString('latin1'),
    ),
  );
}
