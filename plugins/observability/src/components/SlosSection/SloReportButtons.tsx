import { CompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Box, Button } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { observabilityApiRef } from '../../api/ObservabilityApi';
import { describeError } from '../shared';

function download(fileName: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Downloads the SLO report (target, actual, status, budget, worst day) of an
 * entity, or of a group's or system's Components, as Markdown or JSON.
 */
export function SloReportButtons(props: {
  entityRef: CompoundEntityRef;
  at?: number;
}) {
  const { entityRef, at } = props;
  const api = useApi(observabilityApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const day = new Date(at ?? Date.now()).toISOString().slice(0, 10);
  const baseName = `slo-report-${entityRef.name}-${day}`;

  const exportAs = async (format: 'markdown' | 'json') => {
    setBusy(true);
    try {
      if (format === 'markdown') {
        const markdown = await api.getSloReport(entityRef, {
          at,
          format: 'markdown',
        });
        download(`${baseName}.md`, 'text/markdown', markdown);
      } else {
        const report = await api.getSloReport(entityRef, { at });
        download(
          `${baseName}.json`,
          'application/json',
          JSON.stringify(report, null, 2),
        );
      }
    } catch (e) {
      alertApi.post({
        message: `Could not export the SLO report: ${
          describeError(e as Error).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={busy}
        onClick={() => exportAs('markdown')}
      >
        Report (Markdown)
      </Button>
      <Button
        size="small"
        variant="outlined"
        startIcon={<GetAppIcon />}
        disabled={busy}
        onClick={() => exportAs('json')}
      >
        Report (JSON)
      </Button>
    </Box>
  );
}
