import {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import { BACKEND_CALLER, Caller, TooManyRequestsError } from './Semaphore';

/** How long a refusal of a caller told to retry later is held back, at most. */
const REFUSAL_PAUSE_MS = 1_000;

/**
 * The caller of the request being served, for the upstream fetch layer's
 * per-caller queues, without passing it through every service and client.
 */
const callers = new AsyncLocalStorage<Caller>();

/** Who the current work is for; outside any request, the backend itself. */
export function currentCaller(): Caller {
  return callers.getStore() ?? BACKEND_CALLER;
}

/**
 * Users wait for their answers: interactive. Services (the search collator
 * indexing every entity, other plugins' background work) are background.
 */
function callerOf(
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
 * The HTTP side of the per-caller queues, for one router. A caller told to
 * retry later is refused until then without any of the work
 * (`refuseWhileTold`, before the request is even parsed and validated): a
 * client that ignores Retry-After and retries at once, as a flood does,
 * costs the backend cheap answers only. `identify` (after parsing, which loses the async context) serves
 * the rest of a request as its caller; `refused` (after the routes) adds
 * `Retry-After` to a 429 and remembers it.
 */
export function callerQueues(httpAuth: HttpAuthService): {
  refuseWhileTold: RequestHandler;
  identify: RequestHandler;
  refused: ErrorRequestHandler;
} {
  /** Callers told to retry later by a full queue: until when (epoch ms). */
  const refusedUntil = new Map<string, number>();
  /** Refusals of callers already told: they must not push the time back. */
  const toldAgain = new WeakSet<Error>();
  /** The caller, read as the routes read credentials (cached per request by the framework). */
  const callerOfRequest = (req: Request) =>
    httpAuth
      .credentials(req, { allow: ['user', 'service', 'none'] })
      .then(callerOf);
  return {
    refuseWhileTold: (req, _res, next) => {
      callerOfRequest(req).then(
        caller => {
          const until = refusedUntil.get(caller.id) ?? 0;
          const waitMs = until - Date.now();
          if (waitMs <= 0) {
            next();
            return;
          }
          // Answered after a pause: a client that retries at once instead
          // of waiting then sends one request a second per connection, not
          // as many as the backend can refuse.
          setTimeout(() => {
            const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
            const error = new TooManyRequestsError(
              `Too many requests from ${caller.id}; retry in ${seconds} s`,
              caller.id,
              seconds,
            );
            toldAgain.add(error);
            next(error);
          }, Math.min(waitMs, REFUSAL_PAUSE_MS));
        },
        // Credentials refused: the route refuses the request itself.
        () => next(),
      );
    },
    identify: (req, _res, next) => {
      callerOfRequest(req).then(
        caller => callers.run(caller, next),
        () => next(),
      );
    },
    refused: (error, _req, res, next) => {
      if (error instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
        // Only a full queue sets the time: were a refusal until then to
        // push it back, a flood would never get its turn again.
        if (!toldAgain.has(error)) {
          const now = Date.now();
          for (const [id, until] of refusedUntil) {
            if (until <= now) refusedUntil.delete(id);
          }
          refusedUntil.set(
            error.callerId,
            now + error.retryAfterSeconds * 1000,
          );
        }
      }
      next(error);
    },
  };
}
