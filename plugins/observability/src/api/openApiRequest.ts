import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { paths } from './generated/openapi';

type Method = 'get' | 'post' | 'put' | 'delete';

/** The paths of openapi.yaml that have an operation for `M`. */
type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never;
}[keyof paths];

type PathParameters<Op> = Op extends { parameters: { path: infer T } }
  ? T
  : never;

type QueryParameters<Op> = Op extends { parameters: { query?: infer T } }
  ? NonNullable<T>
  : never;

type Body<Op> = Op extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? never
    : NonNullable<R> extends { content: { 'application/json': infer B } }
    ? B
    : never
  : never;

/** `{ [K]: T }`, optional unless `required`; `{ [K]?: never }` when the spec has no T. */
type Part<K extends string, T, IsRequired extends boolean> = [T] extends [never]
  ? { [_ in K]?: never }
  : IsRequired extends true
  ? { [_ in K]: T }
  : { [_ in K]?: T };

/**
 * A request's parts as openapi.yaml declares them for the operation, so a
 * parameter, value or body field the spec does not have is a compile error.
 */
type RequestParts<Op> = Part<'path', PathParameters<Op>, true> &
  Part<'query', QueryParameters<Op>, false> &
  Part<'body', Body<Op>, Op extends { requestBody: unknown } ? true : false>;

/** The parts may be left out when none is required. */
type RequestArguments<Op> = {} extends RequestParts<Op>
  ? [parts?: RequestParts<Op>]
  : [parts: RequestParts<Op>];

/**
 * Sends one operation of openapi.yaml (its path template, e.g.
 * `/entities/{kind}/{namespace}/{name}/logs`, and method) to the
 * observability backend and answers its response, or throws the backend's
 * error as a ResponseError.
 */
export type OpenApiRequest = <M extends Method, P extends PathWith<M>>(
  method: M,
  path: P,
  ...parts: RequestArguments<paths[P][M]>
) => Promise<Response>;

type QueryValue = string | number | boolean | readonly (string | number)[];

/** Query parameters in the spec's `form` style: an array repeats its name. */
function toSearch(query: Record<string, QueryValue | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) search.append(name, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `/entities/{kind}/…` with each `{name}` replaced by its encoded value. */
function fillPath(template: string, values: Record<string, string> = {}) {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(values[name]),
  );
}

/** Requests to `/api/observability` with the user's Backstage token (through fetchApi). */
export function createOpenApiRequest({
  discoveryApi,
  fetchApi,
}: {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
}): OpenApiRequest {
  return async (method, path, ...[parts]) => {
    const {
      path: values,
      query,
      body,
    } = (parts ?? {}) as {
      path?: Record<string, string>;
      query?: Record<string, QueryValue | undefined>;
      body?: unknown;
    };
    const baseUrl = await discoveryApi.getBaseUrl('observability');
    const response = await fetchApi.fetch(
      `${baseUrl}${fillPath(path, values)}${toSearch(query ?? {})}`,
      {
        method: method.toUpperCase(),
        ...(body !== undefined
          ? {
              body: JSON.stringify(body),
              headers: { 'Content-Type': 'application/json' },
            }
          : {}),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  };
}
