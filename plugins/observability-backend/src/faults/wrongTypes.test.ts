/**
 * Wrong types in every field of every request body: each operation of
 * openapi.yaml that takes a body (silences, monitoring preview and apply,
 * and any added later), every field of it found by walking the declared
 * schema, and inside the monitoring `options` (free-form in openapi.yaml)
 * every field of the generators' options schema. Each field gets numbers,
 * null, booleans, arrays, objects, objects with `__proto__` and
 * `constructor` keys and a huge string, whatever it is not. The caller may
 * do everything, so every route reaches its parsing. No answer is a 5xx;
 * every one is a 400 naming the field; nothing reaches Alertmanager and no
 * prototype is polluted.
 */
import { monitoringOptionsSchema } from '@sightline/plugin-observability-node';
import { Server } from 'node:http';
import request from 'supertest';
import { ZodFirstPartyTypeKind, ZodTypeAny } from 'zod/v3';
import { startStackBackend } from '../__testUtils__/localStackBackend';
import { spec } from '../schema/openapi';
import { shopComponent } from '../__testUtils__/entities';
import { ensureLocalStack } from '../__testUtils__/localStack';
import { RecordingProxy } from '../__testUtils__/RecordingProxy';

jest.setTimeout(240_000);

const API = '/api/observability';
const CONCURRENCY = 16;

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

/** One field of a body, and what the body needs around it to reach it. */
interface Field {
  path: string[];
  /** What the field holds; `refused` for a field no value is accepted for. */
  kind: Kind | 'refused';
  /** Other fields to set first, e.g. the `type` that selects a union member. */
  seeds: [string[], unknown][];
}

/**
 * A valid body of every operation that takes one: the fuzz changes one
 * field of it at a time, so the only problem is that field. An operation
 * with a body that is missing here fails the suite.
 */
const VALID_BODIES: Record<string, object> = {
  CreateSilence: {
    comment: 'wrong types',
    durationMinutes: 1,
    matchers: [{ name: 'severity', op: '=', value: 'page' }],
  },
  CreateSloAdjustment: {
    reason: 'wrong types',
    start: '2026-11-01T02:00:00Z',
    duration: '1h',
    rrule: 'FREQ=WEEKLY;BYDAY=SU',
    slos: ['availability'],
  },
  PreviewMonitoring: {},
  ApplyMonitoring: {},
  SetSloNotificationMute: { muted: true },
};

/** The schemas of fields openapi.yaml declares as free-form objects. */
const FREE_FORM_FIELDS: Record<string, ZodTypeAny> = {
  options: monitoringOptionsSchema,
};

const HUGE = 'x'.repeat(90_000);
/** Parsed, so that `__proto__` is an own key, as in a request body. */
const PROTO = JSON.parse('{"__proto__": {"polluted": true}}');
const CONSTRUCTOR = JSON.parse(
  '{"constructor": {"prototype": {"polluted": true}}}',
);

/** Every value the fuzz sends; each field gets those that are not its kind. */
const VALUES: unknown[] = [
  0,
  -1.5,
  1e308,
  null,
  true,
  false,
  [],
  ['x'],
  [{ x: 1 }],
  {},
  { x: 1 },
  PROTO,
  CONSTRUCTOR,
  '',
  '5',
  'true',
  HUGE,
];

function wrongFor(kind: Field['kind']): unknown[] {
  const isObject = (v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  return VALUES.filter(v => {
    switch (kind) {
      case 'refused':
        return true;
      // Strings are the field's type; only one too long to be meant is wrong.
      case 'string':
        return typeof v !== 'string' || v === HUGE;
      case 'number':
        return typeof v !== 'number';
      case 'integer':
        return !Number.isInteger(v);
      case 'boolean':
        return typeof v !== 'boolean';
      // An empty object or list may be valid; one holding something else is not.
      case 'object':
        return !isObject(v) || Object.keys(v as object).length > 0;
      default:
        return !Array.isArray(v) || v.length > 0;
    }
  });
}

/** The fields of a zod schema (the options), by its definitions. */
function zodFields(
  schema: ZodTypeAny,
  path: string[],
  seeds: Field['seeds'] = [],
): Field[] {
  const def = schema._def;
  const field = (kind: Field['kind']): Field[] => [{ path, kind, seeds }];
  switch (def.typeName as ZodFirstPartyTypeKind) {
    case ZodFirstPartyTypeKind.ZodOptional:
      return zodFields(def.innerType, path, seeds);
    case ZodFirstPartyTypeKind.ZodObject:
      return [
        ...field('object'),
        ...Object.entries(def.shape() as Record<string, ZodTypeAny>).flatMap(
          ([key, child]) => zodFields(child, [...path, key], seeds),
        ),
      ];
    case ZodFirstPartyTypeKind.ZodRecord:
      return [
        ...field('object'),
        ...zodFields(def.valueType, [...path, 'team'], seeds),
      ];
    case ZodFirstPartyTypeKind.ZodDiscriminatedUnion:
      return [
        ...field('object'),
        ...(def.options as ZodTypeAny[]).flatMap(option =>
          zodFields(option, path, [
            ...seeds,
            [
              [...path, def.discriminator],
              option._def.shape()[def.discriminator]._def.value,
            ],
          ]).filter(f => f.path.length > path.length),
        ),
      ];
    case ZodFirstPartyTypeKind.ZodString:
    case ZodFirstPartyTypeKind.ZodEnum:
    case ZodFirstPartyTypeKind.ZodLiteral:
      return field('string');
    case ZodFirstPartyTypeKind.ZodNumber:
      return field('number');
    case ZodFirstPartyTypeKind.ZodBoolean:
      return field('boolean');
    case ZodFirstPartyTypeKind.ZodNever:
      return field('refused');
    default:
      throw new Error(
        `The fuzz cannot walk a ${def.typeName} (${path.join(
          '.',
        )}): teach zodFields`,
      );
  }
}

const schemas = (spec.components as any).schemas as Record<string, any>;

/** The fields of a body's schema in openapi.yaml. */
function openApiFields(declared: any, path: string[]): Field[] {
  const schema = declared.$ref
    ? schemas[declared.$ref.split('/').pop()]
    : declared;
  const field = (kind: Kind): Field[] => [{ path, kind, seeds: [] }];
  switch (schema.type) {
    case 'object': {
      if (!schema.properties) {
        const known = FREE_FORM_FIELDS[path[path.length - 1]];
        if (!known) {
          throw new Error(
            `'${path.join(
              '.',
            )}' is a free-form object in openapi.yaml: add its schema to FREE_FORM_FIELDS`,
          );
        }
        return zodFields(known, path);
      }
      return [
        ...(path.length ? field('object') : []),
        ...Object.entries(schema.properties).flatMap(([key, child]) =>
          openApiFields(child, [...path, key]),
        ),
      ];
    }
    case 'array':
      return [
        ...field('array'),
        ...openApiFields(schema.items, [...path, '0']),
      ];
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return field(schema.type);
    default:
      throw new Error(`The fuzz cannot walk '${path.join('.')}'`);
  }
}

/** `body` with `value` at `path`, creating the objects on the way. */
function withValue(body: object, path: string[], value: unknown): object {
  const copy = JSON.parse(JSON.stringify(body));
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
  return copy;
}

/** Every operation that takes a body, with its path for checkout. */
function operationsWithBody() {
  return Object.entries(spec.paths as Record<string, any>).flatMap(
    ([template, item]) =>
      Object.entries(item)
        .filter(([, op]: [string, any]) => op.requestBody)
        .map(([method, op]: [string, any]) => ({
          method,
          operationId: op.operationId as string,
          path: template
            .replace('{kind}', 'component')
            .replace('{namespace}', 'default')
            .replace('{name}', 'checkout'),
          schema: op.requestBody.content['application/json'].schema,
        })),
  );
}

interface Case {
  operation: ReturnType<typeof operationsWithBody>[number];
  field: string[];
  value: unknown;
  body: object;
}

interface Answer {
  case: string;
  field: string[];
  status: number;
  message: string;
}

describe('wrong types in request bodies', () => {
  let server: Server;
  let alertmanager: RecordingProxy;

  beforeAll(async () => {
    const stack = await ensureLocalStack();
    alertmanager = await new RecordingProxy(stack.urls.alertmanager).start();
    server = await startStackBackend(
      stack,
      [
        shopComponent('checkout', {
          'sightline.dev/metrics-dialect': 'prometheus-http',
          'sightline.dev/slo-availability': '99.9',
        }),
      ],
      { alertmanager: { url: alertmanager.url } },
    );
  });

  afterAll(() => alertmanager?.stop());

  async function send({
    operation,
    field,
    value,
    body,
  }: Case): Promise<Answer> {
    const res = await request(server)
      [operation.method as 'post'](`${API}${operation.path}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));
    return {
      case: `${operation.operationId} ${field.join('.')} = ${JSON.stringify(
        value,
      ).slice(0, 40)}`,
      field,
      status: res.status,
      message: res.body?.error?.message ?? '',
    };
  }

  it('knows a valid body of every operation that takes one', () => {
    const operations = operationsWithBody().map(o => o.operationId);
    expect(operations.length).toBeGreaterThanOrEqual(3);
    expect(operations.filter(id => !VALID_BODIES[id])).toEqual([]);
  });

  it('answers every wrongly typed field of every body with a 400 naming it', async () => {
    const cases: Case[] = [];
    for (const operation of operationsWithBody()) {
      const valid = VALID_BODIES[operation.operationId];
      for (const { path, kind, seeds } of openApiFields(operation.schema, [])) {
        const seeded = seeds.reduce(
          (body, [at, value]) => withValue(body, at, value),
          valid,
        );
        for (const value of wrongFor(kind)) {
          cases.push({
            operation,
            field: path,
            value,
            body: withValue(seeded, path, value),
          });
        }
      }
    }
    const answers: Answer[] = [];
    for (let i = 0; i < cases.length; i += CONCURRENCY) {
      answers.push(
        ...(await Promise.all(cases.slice(i, i + CONCURRENCY).map(send))),
      );
    }
    expect(answers.length).toBeGreaterThan(500);

    // Named as zod names it ('options.monitor.path') or as the openapi
    // validator does (request/body/matchers/0/name).
    const wrong = answers.filter(
      a =>
        a.status !== 400 ||
        !(
          a.message.includes(`'${a.field.join('.')}`) ||
          a.message.includes(`/body/${a.field.join('/')}`)
        ),
    );
    expect(wrong.map(a => `${a.case}: ${a.status} ${a.message}`)).toEqual([]);

    // Refused before any upstream, and no object's prototype was touched.
    expect(
      alertmanager.requests.filter(r => r.method !== 'GET').map(r => r.path),
    ).toEqual([]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
