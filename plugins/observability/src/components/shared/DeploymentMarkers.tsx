import { Paper, Typography, useTheme } from '@material-ui/core';
import {
  Rollout,
  RolloutController,
} from '@sightline/plugin-observability-common';
import { MouseEvent, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea, useXAxisScale } from 'recharts';
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

type Marker = { key: string; x: number; lines: string[] };
type Hovered = { lines: string[]; left: number; top: number; flip: boolean };

/** The hovered marker's tooltip, over the page (the chart is an SVG). */
function RolloutTooltip({ hovered }: { hovered: Hovered }) {
  const theme = useTheme();
  return createPortal(
    <Paper
      role="tooltip"
      elevation={3}
      style={{
        position: 'fixed',
        left: hovered.left,
        top: hovered.top,
        transform: hovered.flip ? 'translateX(-100%)' : undefined,
        zIndex: theme.zIndex.tooltip,
        pointerEvents: 'none',
        padding: theme.spacing(1, 1.5),
        border: `1px solid ${theme.palette.divider}`,
        maxWidth: 420,
      }}
    >
      {hovered.lines.map(line => (
        <Typography key={line} variant="body2" component="div">
          {line}
        </Typography>
      ))}
    </Paper>,
    document.body,
  );
}

/**
 * A vertical marker at each rollout of the entity in the page's range,
 * with a flag whose tooltip names the version, when and by what. Placed
 * inside any recharts chart whose x axis is time in epoch milliseconds;
 * rollouts outside the chart's domain are not drawn.
 *
 * Plain SVG in one group, with one tooltip for the flag under the pointer:
 * a recharts ReferenceLine and a MUI Tooltip for each rollout made the
 * markers a good part of mounting a chart (the Overview mounts three).
 */
export function DeploymentMarkers() {
  const theme = useTheme();
  const timeFormat = useTimeFormat();
  const rollouts = useDeployments()?.value?.rollouts;
  const x = useXAxisScale();
  const plot = usePlotArea();
  const [hovered, setHovered] = useState<Hovered>();
  const markers = useMemo(() => {
    if (!rollouts || !x || !plot) return [];
    return rollouts.flatMap((rollout): Marker[] => {
      const at = x(rollout.at);
      // Outside the chart's domain: not drawn (ReferenceLine's "discard").
      if (at === undefined || at < plot.x || at > plot.x + plot.width)
        return [];
      return [
        {
          key: `${rollout.at}-${rollout.controller.name}`,
          x: at,
          lines: rolloutSummary(rollout, timeFormat),
        },
      ];
    });
  }, [rollouts, x, plot, timeFormat]);
  if (!plot || markers.length === 0) return null;
  const color = theme.palette.secondary.main;
  const { y, height } = plot;
  const hover = (marker: Marker) => (event: MouseEvent<SVGGElement>) => {
    const flag = event.currentTarget.getBoundingClientRect();
    const flip = flag.left > window.innerWidth / 2;
    setHovered({
      lines: marker.lines,
      left: flip ? flag.left - 4 : flag.right + 4,
      top: flag.bottom + 4,
      flip,
    });
  };
  return (
    <g className="deployment-markers">
      {markers.map(marker => (
        <g key={marker.key}>
          <line
            x1={marker.x}
            x2={marker.x}
            y1={y}
            y2={y + height}
            stroke={color}
            strokeDasharray="4 3"
          />
          {/* The flag at the marker's top: what the pointer rests on. */}
          <g
            data-testid="deployment-marker"
            aria-label={marker.lines.join(', ')}
            role="img"
            style={{ cursor: 'default' }}
            onMouseEnter={hover(marker)}
            onMouseLeave={() => setHovered(undefined)}
          >
            <path d={`M${marker.x},${y} l8,4 l-8,4 z`} fill={color} />
            {/* A wider invisible target than the 1 px line. */}
            <rect
              x={marker.x - 4}
              y={y}
              width={14}
              height={12}
              fill="transparent"
            />
          </g>
        </g>
      ))}
      {hovered && <RolloutTooltip hovered={hovered} />}
    </g>
  );
}
