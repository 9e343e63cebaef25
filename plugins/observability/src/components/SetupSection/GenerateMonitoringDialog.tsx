import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CopyTextButton, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Tab,
  Tabs,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  MonitoringApplyResponse,
  MonitoringObjectChange,
  MonitoringPreviewResponse,
  MonitoringRequest,
  observabilityMonitoringApplyPermission,
} from '@sightline/plugin-observability-common';
import { withRowIds } from '../shared/withRowIds';
import { useState } from 'react';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { PanelError, PanelLoading, usePanelData } from '../shared';

const useStyles = makeStyles(theme => ({
  file: {
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: 360,
    overflow: 'auto',
    fontSize: 12,
    background: theme.palette.background.default,
    color: theme.palette.text.primary,
    border: `1px solid ${theme.palette.divider}`,
  },
}));

const CHANGE_TEXT: Record<MonitoringObjectChange['change'], string> = {
  created: 'Created',
  configured: 'Changed',
  unchanged: 'Unchanged',
};

function changeColumns(dryRun: boolean): TableColumn<MonitoringObjectChange>[] {
  return [
    { title: 'Kind', field: 'kind' },
    { title: 'Object', render: o => `${o.namespace}/${o.name}` },
    {
      title: dryRun ? 'Would be' : 'Result',
      field: 'change',
      render: o => CHANGE_TEXT[o.change],
    },
    {
      title: 'Changed fields',
      render: o => o.changedFields.join(', ') || '—',
    },
  ];
}

function ChangeTable(props: {
  objects: MonitoringObjectChange[];
  dryRun: boolean;
}) {
  return (
    <Table
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={changeColumns(props.dryRun)}
      data={withRowIds(
        props.objects,
        o => `${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`,
      )}
    />
  );
}

/** The generated files, one tab each, each copyable. */
function GeneratedFiles({ preview }: { preview: MonitoringPreviewResponse }) {
  const classes = useStyles();
  const [index, setIndex] = useState(0);
  const file = preview.files[index];
  const annotationsYaml = Object.entries(preview.annotations)
    .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`)
    .join('\n');
  return (
    <>
      <Tabs
        value={index}
        onChange={(_, i: number) => setIndex(i)}
        variant="scrollable"
        indicatorColor="primary"
        textColor="primary"
        aria-label="Generated files"
      >
        {preview.files.map(f => (
          <Tab key={f.path} label={f.path.split('/').pop()} />
        ))}
      </Tabs>
      {file && (
        <Box mt={1} role="tabpanel" aria-label={file.path}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="body2" color="textSecondary">
              {file.path}
            </Typography>
            <CopyTextButton
              text={file.content}
              aria-label={`Copy ${file.path}`}
            />
          </Box>
          <pre className={classes.file}>{file.content}</pre>
        </Box>
      )}
      {annotationsYaml && (
        <Box mt={2}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="subtitle2">
              Annotations to add to catalog-info.yaml
            </Typography>
            <CopyTextButton
              text={`metadata:\n  annotations:\n${annotationsYaml}`}
              aria-label="Copy the annotations"
            />
          </Box>
          <pre className={classes.file}>
            {`metadata:\n  annotations:\n${annotationsYaml}`}
          </pre>
        </Box>
      )}
    </>
  );
}

type ApplyState =
  | { step: 'idle' }
  | { step: 'running'; dryRun: boolean }
  | { step: 'done'; result: MonitoringApplyResponse }
  | { step: 'failed'; dryRun: boolean; error: Error };

/**
 * Dry-run first, then apply: the real apply is offered only after the
 * cluster accepted a dry run of the same objects.
 */
function ApplyControls(props: {
  entityRef: CompoundEntityRef;
  request: MonitoringRequest;
  state: ApplyState;
  onChange(state: ApplyState): void;
}) {
  const { entityRef, request, state, onChange } = props;
  const api = useApi(observabilityApiRef);
  const run = async (dryRun: boolean) => {
    onChange({ step: 'running', dryRun });
    try {
      onChange({
        step: 'done',
        result: await api.applyMonitoring(entityRef, { ...request, dryRun }),
      });
    } catch (error) {
      onChange({ step: 'failed', dryRun, error: error as Error });
    }
  };
  const dryRunPassed = state.step === 'done' && state.result.dryRun;
  const applied = state.step === 'done' && !state.result.dryRun;
  return (
    <>
      <Button
        onClick={() => run(true)}
        disabled={state.step === 'running' || applied}
      >
        Dry run
      </Button>
      <Button
        color="primary"
        variant="contained"
        onClick={() => run(false)}
        disabled={!dryRunPassed}
      >
        Apply to cluster
      </Button>
    </>
  );
}

function ApplyProgress({ state }: { state: ApplyState }) {
  if (state.step === 'running') {
    return (
      <Box mt={2}>
        <Typography variant="body2">
          {state.dryRun
            ? 'Asking the cluster what would change (dry run)…'
            : 'Applying to the cluster…'}
        </Typography>
        <LinearProgress aria-label="Applying" />
      </Box>
    );
  }
  if (state.step === 'failed') {
    return (
      <Box mt={2}>
        <PanelError error={state.error} />
      </Box>
    );
  }
  if (state.step === 'done') {
    const { result } = state;
    return (
      <Box mt={2}>
        <Alert severity={result.dryRun ? 'info' : 'success'}>
          {result.dryRun
            ? `Dry run on cluster ${result.cluster} passed; nothing was changed. Apply to make these changes.`
            : `Applied to cluster ${result.cluster}.`}
        </Alert>
        <ChangeTable objects={result.objects} dryRun={result.dryRun} />
      </Box>
    );
  }
  return null;
}

function PreviewContent(props: {
  preview: MonitoringPreviewResponse;
  applyState: ApplyState;
}) {
  const { preview, applyState } = props;
  return (
    <>
      {preview.warnings.map(warning => (
        <Box mb={1} key={warning}>
          <Alert severity="warning">{warning}</Alert>
        </Box>
      ))}
      <Typography variant="body2" paragraph>
        Commit these files to your GitOps repository, or apply them to cluster{' '}
        {preview.cluster}. Nothing is changed until you do.
      </Typography>
      <GeneratedFiles preview={preview} />
      <Box mt={2}>
        <Typography variant="subtitle2">Against the cluster</Typography>
        {preview.diff ? (
          <ChangeTable objects={preview.diff} dryRun />
        ) : (
          <Typography variant="body2" color="textSecondary">
            No diff: {preview.diffProblem ?? 'the cluster was not asked.'}
          </Typography>
        )}
      </Box>
      <ApplyProgress state={applyState} />
    </>
  );
}

/**
 * Generates the entity's ServiceMonitor, PrometheusRule and dashboard, shows
 * them with the cluster diff, and applies them for users allowed to.
 */
export function GenerateMonitoringDialog(props: {
  entityRef: CompoundEntityRef;
  /** Generator options, e.g. from a doctor's fix; the defaults otherwise. */
  request?: MonitoringRequest;
  onClose(): void;
}) {
  const { entityRef, request = {}, onClose } = props;
  const api = useApi(observabilityApiRef);
  const { allowed: canApply } = usePermission({
    permission: observabilityMonitoringApplyPermission,
    resourceRef: stringifyEntityRef(entityRef),
  });
  const [applyState, setApplyState] = useState<ApplyState>({ step: 'idle' });
  const preview = usePanelData(
    () => api.previewMonitoring(entityRef, request),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="generate-monitoring-title"
    >
      <DialogTitle id="generate-monitoring-title">
        Generate monitoring
      </DialogTitle>
      <DialogContent dividers>
        {preview.loading && <PanelLoading label="Generating monitoring" />}
        {preview.error && (
          <PanelError error={preview.error} onRetry={preview.retry} />
        )}
        {preview.value && (
          <PreviewContent preview={preview.value} applyState={applyState} />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        {canApply && preview.value && (
          <ApplyControls
            entityRef={entityRef}
            request={request}
            state={applyState}
            onChange={setApplyState}
          />
        )}
      </DialogActions>
    </Dialog>
  );
}
