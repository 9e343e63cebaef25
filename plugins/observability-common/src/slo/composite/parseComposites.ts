/**
 * The reader of the `sightline.dev/slo-composites` annotation: a list of
 * composite SLOs, each an objective and window over weighted SLOs of other
 * entities. Like the Sloth and OpenSLO readers it takes the parsed YAML,
 * checks every field strictly and reports each bad one by its path, and
 * keeps the composites that are right.
 */
import { percentToRatio } from '../format';
import {
  checkObjectivePercent,
  parseCalendarWindow,
  parseSloWindow,
} from '../parseAnnotations';
import { defaultWindow, num, rec, str, Report } from '../specs/documents';
import {
  CompositeSloComponent,
  CompositeSloDefinition,
  CompositeSloProblem,
} from './types';

/** A composite, as the problems' examples show it. */
const COMPOSITE_SLO_EXAMPLE = `- name: checkout-journey
  displayName: Checkout journey
  objective: 99.5
  window: 30d
  components:
    - { entity: component:default/checkout, slo: availability, weight: 2 }
    - { entity: component:default/payments, slo: availability, weight: 1 }`;

const COMPONENT_EXAMPLE =
  '{ entity: component:default/checkout, slo: availability, weight: 2 }';

/** Like OpenSLO's `metadata.name`: DNS-1123 labels. */
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME_LENGTH = 63;
/** Enough for any journey; each component is one evaluation per request. */
const MAX_COMPONENTS = 20;
/** `[kind:][namespace/]name`, the catalog's ref grammar. */
const ENTITY_REF = /^(?:([^:/\s]+):)?(?:([^:/\s]+)\/)?([^:/\s]+)$/;

const COMPOSITE_KEYS = new Set([
  'name',
  'displayName',
  'description',
  'objective',
  'window',
  'components',
]);
const COMPONENT_KEYS = new Set(['entity', 'slo', 'weight']);

/**
 * Composites read from one annotation, and a problem per bad field.
 *
 * @public
 */
export interface CompositeSlosResult {
  definitions: CompositeSloDefinition[];
  problems: CompositeSloProblem[];
}

/**
 * Reads composite SLOs from the annotation's parsed YAML. A component's
 * entity defaults to kind `component` and to `defaultNamespace` (the
 * declaring entity's), as catalog relations do.
 *
 * @public
 */
export function parseCompositeSlos(
  value: unknown,
  options: { defaultNamespace: string },
): CompositeSlosResult {
  const definitions: CompositeSloDefinition[] = [];
  const problems: CompositeSloProblem[] = [];
  if (!Array.isArray(value)) {
    problems.push({
      field: '(annotation)',
      message: 'must be a YAML list of composite SLOs',
      example: COMPOSITE_SLO_EXAMPLE,
    });
    return { definitions, problems };
  }
  const taken = new Set<string>();
  value.forEach((item, index) => {
    const base = `[${index}]`;
    const id = str(rec(item)?.name);
    const before = problems.length;
    const report: Report = (field, message, example) =>
      problems.push({
        ...(id ? { compositeId: id } : {}),
        field,
        message,
        ...(example ? { example } : {}),
      });
    const definition = parseComposite(item, base, options, report);
    if (!definition || problems.length > before) return;
    if (taken.has(definition.id)) {
      report(
        `${base}.name`,
        `"${definition.id}" is declared twice; composite names must be unique`,
      );
      return;
    }
    taken.add(definition.id);
    definitions.push(definition);
  });
  return { definitions, problems };
}

function parseComposite(
  item: unknown,
  base: string,
  options: { defaultNamespace: string },
  report: Report,
): CompositeSloDefinition | undefined {
  const node = rec(item);
  if (!node) {
    report(base, 'must be a mapping', COMPOSITE_SLO_EXAMPLE);
    return undefined;
  }
  unknownKeys(node, COMPOSITE_KEYS, base, report);
  const id = str(node.name);
  if (!id) {
    report(`${base}.name`, 'is missing', 'name: checkout-journey');
  } else if (!NAME.test(id) || id.length > MAX_NAME_LENGTH) {
    report(
      `${base}.name`,
      `${shown(
        id,
      )} must be lowercase letters, digits and "-", at most ${MAX_NAME_LENGTH} characters, starting and ending with a letter or digit`,
      'name: checkout-journey',
    );
  }
  const displayName = optionalString(node, 'displayName', base, report);
  const description = optionalString(node, 'description', base, report);
  const objectivePercent = parseObjective(node.objective, base, report);
  const window = parseWindow(node.window, base, report);
  const components = parseComponents(node.components, base, options, report);
  if (!id || objectivePercent === undefined || !window || !components) {
    return undefined;
  }
  return {
    id,
    name: displayName ?? id,
    ...(description ? { description } : {}),
    objective: percentToRatio(objectivePercent),
    objectivePercent,
    ...window,
    components,
  };
}

function parseObjective(value: unknown, base: string, report: Report) {
  const field = `${base}.objective`;
  const example = 'objective: 99.5';
  const percent =
    typeof value === 'string' ? num(value.replace(/\s*%\s*$/, '')) : num(value);
  if (value === undefined) {
    report(field, 'is missing: the objective in percent', example);
    return undefined;
  }
  if (percent === undefined) {
    report(field, `${shown(value)} is not a percentage`, example);
    return undefined;
  }
  const wrong = checkObjectivePercent(percent);
  if (wrong) {
    report(field, wrong, example);
    return undefined;
  }
  return percent;
}

function parseWindow(value: unknown, base: string, report: Report) {
  const field = `${base}.window`;
  // Like the SLO annotations, 30 days unless declared.
  if (value === undefined) return defaultWindow({});
  if (typeof value !== 'string') {
    report(field, `${shown(value)} is not a window`, 'window: 30d');
    return undefined;
  }
  const parsed =
    parseCalendarWindow(value, field) ?? parseSloWindow(value, field);
  if (!parsed.ok) {
    report(field, parsed.problem.message, `window: ${parsed.problem.example}`);
    return undefined;
  }
  return parsed.value;
}

function parseComponents(
  value: unknown,
  base: string,
  options: { defaultNamespace: string },
  report: Report,
): CompositeSloComponent[] | undefined {
  const field = `${base}.components`;
  if (!Array.isArray(value) || value.length === 0) {
    report(
      field,
      value === undefined
        ? 'is missing: the SLOs the composite is made of'
        : 'must be a non-empty list of { entity, slo, weight }',
      `components: [${COMPONENT_EXAMPLE}]`,
    );
    return undefined;
  }
  if (value.length > MAX_COMPONENTS) {
    report(
      field,
      `has ${value.length} components; at most ${MAX_COMPONENTS} are evaluated per composite`,
    );
    return undefined;
  }
  const components: CompositeSloComponent[] = [];
  const seen = new Set<string>();
  let failed = false;
  value.forEach((item, index) => {
    const at = `${field}[${index}]`;
    const component = parseComponent(item, at, options, report);
    if (!component) {
      failed = true;
      return;
    }
    const key = `${component.entityRef} ${component.slo}`;
    if (seen.has(key)) {
      report(
        at,
        `${component.entityRef} "${component.slo}" is listed twice; give it one entry with the sum of the weights`,
      );
      failed = true;
      return;
    }
    seen.add(key);
    components.push(component);
  });
  return failed ? undefined : components;
}

function parseComponent(
  item: unknown,
  at: string,
  options: { defaultNamespace: string },
  report: Report,
): CompositeSloComponent | undefined {
  const node = rec(item);
  if (!node) {
    report(at, 'must be a mapping', COMPONENT_EXAMPLE);
    return undefined;
  }
  unknownKeys(node, COMPONENT_KEYS, at, report);
  const entity = str(node.entity);
  const match = entity ? ENTITY_REF.exec(entity) : null;
  if (!match) {
    report(
      `${at}.entity`,
      entity
        ? `${shown(entity)} is not an entity ref; write [kind:][namespace/]name`
        : 'is missing: the entity whose SLO this is',
      'entity: component:default/checkout',
    );
  }
  const slo = str(node.slo);
  if (!slo) {
    report(
      `${at}.slo`,
      'is missing: the SLO id on that entity, as its SLO section lists it',
      'slo: availability',
    );
  }
  const weight = node.weight === undefined ? 1 : node.weight;
  const weightOk =
    typeof weight === 'number' && Number.isFinite(weight) && weight > 0;
  if (!weightOk) {
    report(
      `${at}.weight`,
      `${shown(
        weight,
      )} is not a weight; write a number greater than 0 (how many times each of its events counts)`,
      'weight: 2',
    );
  }
  if (!match || !slo || !weightOk) return undefined;
  const [, kind = 'component', namespace = options.defaultNamespace, name] =
    match;
  return {
    entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
    slo,
    weight: weight as number,
  };
}

function optionalString(
  node: Record<string, unknown>,
  key: string,
  base: string,
  report: Report,
): string | undefined {
  const value = node[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    report(`${base}.${key}`, `${shown(value)} is not a string`);
    return undefined;
  }
  return str(value);
}

/** Strict: a misspelt key (`weigth`) would otherwise silently do nothing. */
function unknownKeys(
  node: Record<string, unknown>,
  known: Set<string>,
  base: string,
  report: Report,
) {
  for (const key of Object.keys(node)) {
    if (!known.has(key)) {
      report(
        `${base}.${key}`,
        `is not a field of a composite${
          known === COMPONENT_KEYS ? ' component' : ''
        }; the fields are ${[...known].join(', ')}`,
      );
    }
  }
}

/** A value for a message: short, whatever was written (a huge string, a mapping). */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  const text = typeof value === 'string' ? `"${value}"` : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
