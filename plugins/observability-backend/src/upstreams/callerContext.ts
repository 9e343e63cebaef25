import {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ErrorRequestHandler, RequestHandler } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { BACKEND_CALLER, Caller, TooManyRequestsError } from './Semaphore';

/**
 * The caller of the request being served, for the upstream fetch layer's
 * per-caller queues, without passing it through every service and client.
 */
const callers = new AsyncLocalStorage<Caller>();

/** Who the current work is for; outside any request, the backend itself. */
export function currentCaller(): Caller {
  return callers.getStore() ?? BACKEND_CALLER;
}

/** Runs `work` (and everything it starts) on behalf of `caller`. */
export function runAsCaller<T>(caller: Caller, work: () => T): T {
  return callers.run(caller, work);
}

/**
 * Users wait for their answers: interactive. Services (the search collator
 * indexing every entity, other plugins' background work) are background.
 */
export function callerOf(
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal | BackstageNonePrincipal
  >,
): Caller {
  const { principal } = credentials;
  if (principal.type === 'user') {
    return { id: principal.userEntityRef, priority: 'interactive' };
  }
  if (principal.type === 'service') {
    return { id: `service:${principal.subject}`, priority: 'background' };
  }
  return { id: 'anonymous', priority: 'interactive' };
}

/**
 * Serves the rest of the request as its caller. Credentials are read as the
 * routes read them (once per request, cached by the framework); a request
 * whose credentials are refused goes on as it is, for its route to refuse.
 */
export function callerContext(httpAuth: HttpAuthService): RequestHandler {
  return (req, _res, next) => {
    httpAuth.credentials(req, { allow: ['user', 'service', 'none'] }).then(
      credentials => runAsCaller(callerOf(credentials), next),
      () => next(),
    );
  };
}

/** Tells a caller whose queue was full when to come back (the 429 itself is the framework's). */
export const retryAfter: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof TooManyRequestsError) {
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
  }
  next(error);
};
