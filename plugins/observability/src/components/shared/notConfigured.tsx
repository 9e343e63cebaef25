import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { Box, Button } from '@material-ui/core';
import {
  OBSERVABILITY_CONFIG_DOCS_URL,
  OBSERVABILITY_NOT_CONFIGURED_MESSAGE,
} from '@sightline/plugin-observability-common';
import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';

/** The least app-config that shows something: one cluster's Prometheus. */
const MINIMAL_CONFIG = `observability:
  clusters:
    - name: production
      prometheus:
        url: http://prometheus.monitoring:9090`;

/**
 * Whether a failed request means the backend has no `observability` section
 * in its app-config, rather than that something it asked is down.
 */
export function isNotConfigured(error: Error): boolean {
  return (
    error instanceof ResponseError &&
    error.statusCode === 503 &&
    error.body?.error?.message === OBSERVABILITY_NOT_CONFIGURED_MESSAGE
  );
}

/** Setup help in place of data: which config to add, and a snippet of it. */
function NotConfiguredState() {
  return (
    <EmptyState
      missing="info"
      title="Sightline is not configured yet"
      description={
        <>
          Add an <code>observability</code> section naming at least one
          cluster's Prometheus to your app-config.yaml, then restart the
          Backstage backend.
        </>
      }
      action={
        <>
          <CodeSnippet
            text={MINIMAL_CONFIG}
            language="yaml"
            showCopyCodeButton
          />
          <Box mt={2}>
            <Button
              variant="contained"
              color="primary"
              href={OBSERVABILITY_CONFIG_DOCS_URL}
              target="_blank"
              rel="noopener noreferrer"
            >
              Read the configuration docs
            </Button>
          </Box>
        </>
      }
    />
  );
}

/**
 * Set inside the Observability tab, so that the panels' "not configured"
 * errors become one setup state for the whole tab rather than one per panel.
 */
const NotConfiguredReport = createContext<(() => void) | undefined>(undefined);

/**
 * Shows `children` until a panel inside finds the backend not configured,
 * then the setup state instead.
 */
export function NotConfiguredBoundary({ children }: { children: ReactNode }) {
  const [notConfigured, setNotConfigured] = useState(false);
  const report = useCallback(() => setNotConfigured(true), []);
  if (notConfigured) return <NotConfiguredState />;
  return (
    <NotConfiguredReport.Provider value={report}>
      {children}
    </NotConfiguredReport.Provider>
  );
}

/**
 * A panel's "not configured" error: handed to the enclosing boundary, or
 * shown in place where there is none (a card on the entity's overview).
 */
export function PanelNotConfigured() {
  const report = useContext(NotConfiguredReport);
  useEffect(() => report?.(), [report]);
  return report ? null : <NotConfiguredState />;
}
