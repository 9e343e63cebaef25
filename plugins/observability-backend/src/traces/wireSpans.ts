/**
 * What Tempo's and Jaeger's span formats share before they become the
 * TraceSpan model: ids in hex or base64, and span kinds by name or number.
 */
import { SpanKind } from '@sightline/plugin-observability-common';

const HEX_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/i;

function base64ToHex(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  let bits = 0;
  let buffer = 0;
  let hex = '';
  for (const ch of clean) {
    buffer = (buffer << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((buffer >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/**
 * A trace or span id as lower-case hex: hex (OTLP/JSON, Jaeger, Tempo's
 * search, which drops leading zeros) or base64 (Tempo's trace JSON) in.
 * Undefined for empty and all-zero ids (no parent).
 */
export function normaliseTraceId(
  value: string | undefined,
  kind: 'trace' | 'span' = 'trace',
): string | undefined {
  if (!value) return undefined;
  let hex: string | undefined;
  if (HEX_ID.test(value)) hex = value.toLowerCase();
  else if (/^[0-9a-f]{1,32}$/i.test(value) && kind === 'trace') {
    hex = value.toLowerCase().padStart(value.length > 16 ? 32 : 16, '0');
  } else hex = base64ToHex(value);
  if (!hex || /^0*$/.test(hex)) return undefined;
  return hex;
}

/** In the order of OTLP's `SpanKind` enum, so that its numbers index it. */
const SPAN_KINDS: SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/**
 * A span kind from OTLP's enum number or name (`SPAN_KIND_SERVER`) or a
 * plain name (`server`, Jaeger's `span.kind` tag); `unspecified` otherwise.
 */
export function spanKind(kind: string | number | undefined): SpanKind {
  if (typeof kind === 'number') return SPAN_KINDS[kind] ?? 'unspecified';
  const name = String(kind ?? '')
    .replace(/^SPAN_KIND_/, '')
    .toLowerCase();
  return (SPAN_KINDS as string[]).includes(name)
    ? (name as SpanKind)
    : 'unspecified';
}
