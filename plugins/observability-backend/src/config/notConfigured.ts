import {
  HttpRouterService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ErrorResponseBody,
  serializeError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  OBSERVABILITY_CONFIG_DOCS_URL,
  OBSERVABILITY_NOT_CONFIGURED_MESSAGE,
} from '@sightline/plugin-observability-common';
import express from 'express';

/**
 * Serves the plugin while app-config has no `observability` section.
 * Adopters install first and configure second, so rather than stopping the
 * whole backend the plugin says once what is missing and answers every route
 * with a 503 naming what to add.
 */
export function serveNotConfigured(options: {
  logger: LoggerService;
  httpRouter: HttpRouterService;
}) {
  options.logger.warn(
    `No 'observability' section in app-config: every observability route answers 503 until one is added, see ${OBSERVABILITY_CONFIG_DOCS_URL}`,
  );
  const router = express.Router();
  // Answered here rather than thrown: the error middleware would log each of
  // these requests as a failure, and the warning above has said it once.
  router.use((req, res) => {
    const body: ErrorResponseBody = {
      error: serializeError(
        new ServiceUnavailableError(OBSERVABILITY_NOT_CONFIGURED_MESSAGE),
      ),
      request: { method: req.method, url: req.url },
      response: { statusCode: 503 },
    };
    res.status(503).json(body);
  });
  options.httpRouter.use(router);
}
