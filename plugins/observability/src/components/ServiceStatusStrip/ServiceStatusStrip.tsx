import { Link } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { EntityAlert } from '@sightline/plugin-observability-common';
import { SloStatusChip } from '../shared';
import { useSectionLink } from '../shared/sectionLink';
import { JudgedSlo, ServiceAttention } from './serviceAttention';

/** At most this many SLO lines; the SLOs section has the rest. */
const MAX_SLOS = 3;

/** Alert names with how many of each fire: a burn-rate alert fires once per window pair. */
function alertNames(alerts: EntityAlert[]): string {
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    counts.set(alert.name, (counts.get(alert.name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, n]) => (n > 1 ? `${name} (×${n})` : name))
    .join(', ');
}

function title(attention: ServiceAttention): string {
  const parts: string[] = [];
  if (attention.paging.length > 0) {
    parts.push(
      `${attention.paging.length} paging ${
        attention.paging.length === 1 ? 'alert' : 'alerts'
      } firing`,
    );
  }
  if (attention.burning.length > 0) {
    parts.push(
      `${attention.burning.length} ${
        attention.burning.length === 1 ? 'SLO' : 'SLOs'
      } burning error budget`,
    );
  }
  return parts.join(' · ');
}

function SloLine({ judged }: { judged: JudgedSlo }) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <SloStatusChip
        status={judged.verdict.status}
        tone={judged.verdict.tone}
      />
      <Typography variant="body2" component="span">
        <strong>{judged.slo.definition.name}</strong>: {judged.verdict.reason}
      </Typography>
    </Box>
  );
}

/**
 * The top of the Overview while the service pages or burns its error budget
 * (`attention.needsAttention`): the firing alerts and the SLOs' status, each
 * linking to its section.
 */
export function ServiceStatusStrip({
  attention,
}: {
  attention: ServiceAttention;
}) {
  const sectionLink = useSectionLink();
  const { firing, paging, burning, slos } = attention;
  const shown = (burning.length > 0 ? burning : slos).slice(0, MAX_SLOS);
  const severe =
    paging.length > 0 || burning.some(b => b.verdict.tone === 'error');
  return (
    <Alert
      severity={severe ? 'error' : 'warning'}
      role="region"
      aria-label="Service status"
    >
      <AlertTitle>{title(attention)}</AlertTitle>
      <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
        {firing.length > 0 && (
          <Typography variant="body2">
            <strong>Firing:</strong> {alertNames(firing)} ·{' '}
            <Link to={sectionLink('alerts')}>See alerts</Link>
          </Typography>
        )}
        {shown.map(judged => (
          <SloLine key={judged.slo.definition.id} judged={judged} />
        ))}
        {shown.length > 0 && (
          <Typography variant="body2">
            <Link to={sectionLink('slos')}>See burn rates and burn-down</Link>
          </Typography>
        )}
      </Box>
    </Alert>
  );
}
