import { dirname, join } from 'node:path';
import { MonitoringInputError } from './errors';

type OperatorKind = 'ServiceMonitor' | 'PodMonitor' | 'PrometheusRule';

interface OperatorModel {
  validate(): void;
}

type OperatorModelClass = new (data: unknown) => OperatorModel;

const classes = new Map<OperatorKind, OperatorModelClass>();

/**
 * Loads a model class of `@kubernetes-models/prometheus-operator`.
 *
 * The package is ESM-only and exports its files under the `import`
 * condition alone, so neither CommonJS `require` (what Backstage's build
 * and Jest turn our imports into) nor Jest's resolver can load it by name.
 * Node's own `require` can load an ES module by path (Node 22.12 and
 * later), so we resolve the package directory through its exported
 * `package.json` and require the model file with a `require` made by
 * `process.getBuiltinModule` — the one that Jest does not replace.
 */
function loadModelClass(kind: OperatorKind): OperatorModelClass {
  const cached = classes.get(kind);
  if (cached) return cached;
  const nodeModule = process.getBuiltinModule?.('node:module');
  if (!nodeModule) {
    throw new Error(
      'Validating Prometheus Operator objects needs Node.js 22.12 or later (process.getBuiltinModule and require of ES modules)',
    );
  }
  const nodeRequire = nodeModule.createRequire(
    typeof __filename === 'string' ? __filename : join(process.cwd(), 'x.js'),
  );
  const root = dirname(
    nodeRequire.resolve('@kubernetes-models/prometheus-operator/package.json'),
  );
  let loaded: Record<string, OperatorModelClass>;
  try {
    loaded = nodeRequire(
      join(root, 'monitoring.coreos.com', 'v1', `${kind}.js`),
    );
  } catch (e) {
    throw new Error(
      `Cannot load the ${kind} model of @kubernetes-models/prometheus-operator (an ES module; Node.js 22.12 or later loads it): ${
        (e as Error).message
      }`,
    );
  }
  const modelClass = loaded[kind];
  classes.set(kind, modelClass);
  return modelClass;
}

/**
 * Validates an object against the Prometheus Operator CRD schema of its
 * kind, through `@kubernetes-models/prometheus-operator`'s `.validate()`.
 * Throws a {@link MonitoringInputError} naming the object and the failing paths.
 */
export function validateOperatorObject(object: {
  kind: string;
  metadata?: { name?: string };
}): void {
  const kind = object.kind as OperatorKind;
  const ModelClass = loadModelClass(kind);
  try {
    new ModelClass(object).validate();
  } catch (e) {
    const error = e as Error & {
      errors?: { instancePath?: string; message?: string }[];
    };
    const details = error.errors?.length
      ? error.errors.map(err => `${err.instancePath || '/'} ${err.message}`)
      : [error.message];
    throw new MonitoringInputError(
      details.map(
        detail =>
          `${kind} ${
            object.metadata?.name ?? ''
          } fails the CRD schema: ${detail}`,
      ),
    );
  }
}
