import { createHash } from 'node:crypto';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_NAME_PART = LABEL_VALUE;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A short, stable hex digest of a string. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Whether `name` is an RFC 1123 label (namespace and most object names). */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Whether `value` is a valid Kubernetes label value. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_VALUE.test(value));
}

/** Whether `key` is a valid Kubernetes label key (`prefix/name` or `name`). */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME_PART.test(name)) {
    return false;
  }
  return (
    prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))
  );
}

/**
 * Turns any text into an RFC 1123 label: lower case, other characters to
 * `-`. When it had to be shortened, a digest of the original keeps it unique.
 */
export function toDnsLabel(text: string, maxLength = 63): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned && cleaned.length <= maxLength) return cleaned;
  const hash = shortHash(text);
  const head = cleaned.slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return head ? `${head}-${hash}` : `x${hash}`;
}

/**
 * Encodes an entity ref as a Kubernetes label value. `component:default/kbot`
 * becomes `component.default.kbot`; refs that do not fit (too long, odd
 * characters) are shortened and suffixed with a digest of the full ref, so
 * the value stays unique. The exact ref goes into an annotation beside it.
 *
 * @public
 */
export function entityRefLabelValue(entityRef: string): string {
  const dotted = entityRef.toLowerCase().replace(/[:/]/g, '.');
  if (isLabelValue(dotted)) return dotted;
  const hash = shortHash(entityRef.toLowerCase());
  const head = dotted
    .replace(/[^a-z0-9_.-]+/g, '-')
    .slice(0, 63 - hash.length - 1)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return head ? `${head}-${hash}` : hash;
}

/** `n8n-prod_api` → `N8nProdApi`, for alert names. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

const MS = {
  y: 365 * 24 * 3_600_000,
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
};

/**
 * Formats a duration exactly as Prometheus' `model.Duration.String()` does,
 * which is what Sloth uses for its rule names and `sloth_window` labels:
 * years and weeks only when they divide the rest exactly (`28d` → `4w`,
 * `30d` → `30d`, `1d` → `1d`).
 *
 * @public
 */
export function prometheusDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) {
    throw new RangeError(`Cannot format ${ms} ms as a Prometheus duration`);
  }
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  const unit = (name: keyof typeof MS, exact: boolean) => {
    const size = MS[name];
    if (exact && rest % size !== 0) return;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${name}`;
      rest -= count * size;
    }
  };
  unit('y', true);
  unit('w', true);
  unit('d', false);
  unit('h', false);
  unit('m', false);
  unit('s', false);
  unit('ms', false);
  return out;
}

/** A number as PromQL/YAML text, without floating-point noise (`1 - 0.999` → `0.001`). */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Returns a copy of a string map with its keys sorted, for stable output. */
export function sortedMap(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}
