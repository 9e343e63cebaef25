import { Tooltip, Typography, useTheme } from '@material-ui/core';
import {
  Rollout,
  RolloutController,
} from '@sightline/plugin-observability-common';
import { ReferenceLine } from 'recharts';
import { useDeployments } from './deployments';
import { TimeFormatter, useTimeFormat } from './timeFormat';

const CONTROLLER_NAMES: Record<RolloutController['kind'], string> = {
  Deployment: 'Deployment',
  ArgoCDApplication: 'Argo CD application',
  FluxHelmRelease: 'Flux HelmRelease',
  FluxKustomization: 'Flux Kustomization',
  VersionLabel: 'version label',
};

/** `Deployment shop/checkout, revision 5`, `Argo CD application checkout`. */
export function describeController(controller: RolloutController): string {
  const revision =
    controller.revision && controller.kind === 'Deployment'
      ? `, revision ${controller.revision}`
      : '';
  return `${CONTROLLER_NAMES[controller.kind]} ${controller.name}${revision}`;
}

/** What a marker's tooltip says: the version, when, and by what. */
function rolloutSummary(rollout: Rollout, timeFormat: TimeFormatter): string[] {
  const version = rollout.version ?? rollout.images[0] ?? 'unknown version';
  return [
    `Rollout of ${version}${
      rollout.previousVersion ? ` (was ${rollout.previousVersion})` : ''
    }`,
    timeFormat.dateTimeSeconds(rollout.at),
    `by ${describeController(rollout.controller)}${
      rollout.syncedBy ? ` via ${describeController(rollout.syncedBy)}` : ''
    }`,
  ];
}

/** The flag at a marker's top: what the pointer rests on for the tooltip. */
function Flag({
  rollout,
  viewBox,
}: {
  rollout: Rollout;
  viewBox?: { x?: number; y?: number };
}) {
  const theme = useTheme();
  const timeFormat = useTimeFormat();
  const x = viewBox?.x ?? 0;
  const y = viewBox?.y ?? 0;
  const lines = rolloutSummary(rollout, timeFormat);
  return (
    <Tooltip
      title={
        <>
          {lines.map(line => (
            <Typography key={line} variant="body2" component="div">
              {line}
            </Typography>
          ))}
        </>
      }
    >
      <g
        data-testid="deployment-marker"
        aria-label={lines.join(', ')}
        role="img"
        style={{ cursor: 'default' }}
      >
        <path
          d={`M${x},${y} l8,4 l-8,4 z`}
          fill={theme.palette.secondary.main}
        />
        {/* A wider invisible target than the 1 px line. */}
        <rect x={x - 4} y={y} width={14} height={12} fill="transparent" />
      </g>
    </Tooltip>
  );
}

/**
 * A vertical marker at each rollout of the entity in the page's range,
 * with a tooltip naming the version, when and by what. Placed inside any
 * recharts chart whose x axis is time in epoch milliseconds; rollouts
 * outside the chart's domain are not drawn.
 */
export function DeploymentMarkers() {
  const theme = useTheme();
  const rollouts = useDeployments()?.value?.rollouts ?? [];
  return (
    <>
      {rollouts.map(rollout => (
        <ReferenceLine
          key={`${rollout.at}-${rollout.controller.name}`}
          x={rollout.at}
          stroke={theme.palette.secondary.main}
          strokeDasharray="4 3"
          ifOverflow="discard"
          label={<Flag rollout={rollout} />}
        />
      ))}
    </>
  );
}
