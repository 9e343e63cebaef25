import { parseEntityRef } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { makeStyles, Theme, useTheme } from '@material-ui/core';
import {
  DependencyEdge,
  DependencyHealth,
  DependencyNode,
} from '@sightline/plugin-observability-common';
import { useNavigate } from 'react-router-dom';
import { formatMs, formatPercent, formatRate } from '../shared';
import {
  drawingHeight,
  layoutEdges,
  layoutGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
  PlacedEdge,
  PlacedNode,
} from './graphLayout';

const HEALTH_WORDS: Record<DependencyHealth, string> = {
  healthy: 'healthy',
  degraded: 'degraded',
  failing: 'failing',
  unknown: 'health unknown',
};

function healthColor(theme: Theme, health: DependencyHealth): string {
  switch (health) {
    case 'healthy':
      return theme.palette.success.main;
    case 'degraded':
      return theme.palette.warning.main;
    case 'failing':
      return theme.palette.error.main;
    default:
      return theme.palette.grey[500];
  }
}

const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  title: {
    fill: theme.palette.text.primary,
    fontSize: 13,
    fontWeight: 600,
  },
  caption: { fill: theme.palette.text.secondary, fontSize: 11 },
  edgeLabel: {
    fill: theme.palette.text.primary,
    fontSize: 11,
    paintOrder: 'stroke',
    stroke: theme.palette.background.paper,
    strokeWidth: 4,
  },
  link: { cursor: 'pointer', '&:focus': { outline: 'none' } },
}));

/** What an edge label says: `10 req/s · 10 % errors`, then `p95 375 ms`. */
function edgeFigures(edge: DependencyEdge): [string, string] {
  return [
    `${formatRate(edge.requestRate)} · ${formatPercent(edge.errorRatio)} err`,
    edge.latencyP95 === undefined
      ? 'p95 –'
      : `p95 ${formatMs(edge.latencyP95 * 1000)}`,
  ];
}

/** Shortens a title to what fits in a node. */
function clipLabel(text: string, max = 18) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function NodeBox({ placed, focus }: { placed: PlacedNode; focus: boolean }) {
  const classes = useStyles();
  const theme = useTheme();
  const entityLink = useEntityRefLink();
  const navigate = useNavigate();
  const { node, x, y } = placed;
  const color = healthColor(theme, node.health);
  const caption = node.external
    ? 'not in the catalog'
    : `${HEALTH_WORDS[node.health]}${
        node.errorRatio === undefined
          ? ''
          : ` · ${formatPercent(node.errorRatio)} err`
      }`;
  const label = `${node.title}: ${node.external ? 'not in the catalog, ' : ''}${
    HEALTH_WORDS[node.health]
  }${
    node.errorRatio === undefined
      ? ''
      : `, ${formatPercent(node.errorRatio)} of requests failed`
  }`;
  const box = (
    <g data-testid={`dependency-node-${node.id}`}>
      <title>{label}</title>
      <rect
        x={x}
        y={y}
        width={NODE_WIDTH}
        height={NODE_HEIGHT}
        rx={6}
        fill={theme.palette.background.paper}
        stroke={color}
        strokeWidth={focus ? 3 : 1.5}
        strokeDasharray={node.external ? '5 3' : undefined}
      />
      <rect x={x} y={y} width={6} height={NODE_HEIGHT} rx={3} fill={color} />
      <text x={x + 14} y={y + 19} className={classes.title}>
        {clipLabel(node.title)}
      </text>
      <text x={x + 14} y={y + 35} className={classes.caption}>
        {clipLabel(caption, 28)}
      </text>
    </g>
  );
  if (!node.entityRef) return box;
  const to = entityLink(parseEntityRef(node.entityRef));
  return (
    <a
      href={to}
      aria-label={label}
      className={classes.link}
      onClick={event => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {box}
    </a>
  );
}

function EdgeLine({ placed }: { placed: PlacedEdge }) {
  const classes = useStyles();
  const theme = useTheme();
  const { edge, path, labelX, labelY } = placed;
  const color =
    edge.errorRatio >= 0.05
      ? theme.palette.error.main
      : theme.palette.text.secondary;
  const [rate, latency] = edgeFigures(edge);
  return (
    <g data-testid={`dependency-edge-${edge.client}-${edge.server}`}>
      <title>{`${edge.client} → ${edge.server}: ${rate}, ${latency}`}</title>
      <path
        d={path}
        fill="none"
        stroke={color}
        strokeWidth={1.5}
        markerEnd="url(#dependency-arrow)"
      />
      <text
        x={labelX}
        y={labelY - 3}
        textAnchor="middle"
        className={classes.edgeLabel}
      >
        {rate}
      </text>
      <text
        x={labelX}
        y={labelY + 11}
        textAnchor="middle"
        className={classes.edgeLabel}
      >
        {latency}
      </text>
    </g>
  );
}

/**
 * The service graph as SVG in columns, callers left of callees: each node
 * outlined in its health's colour (dashed when the catalog does not know
 * it) and linked to its entity page, each edge labelled with its rate,
 * error ratio and p95.
 */
export function DependencyGraph({
  nodes,
  edges,
  focus,
  label,
}: {
  nodes: DependencyNode[];
  edges: DependencyEdge[];
  focus: string[];
  label: string;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const layout = layoutGraph(nodes, edges, focus);
  const placedEdges = layoutEdges(edges, layout);
  const height = drawingHeight(layout, placedEdges);
  return (
    <div className={classes.scroll}>
      {/* As wide as the card allows, up to its natural size; narrower cards scale it down. */}
      <svg
        width="100%"
        style={{ maxWidth: layout.width, minWidth: layout.width * 0.6 }}
        viewBox={`0 0 ${layout.width} ${height}`}
        role="group"
        aria-label={label}
      >
        <defs>
          <marker
            id="dependency-arrow"
            viewBox="0 0 10 10"
            refX={10}
            refY={5}
            markerWidth={7}
            markerHeight={7}
            orient="auto-start-reverse"
          >
            <path
              d="M 0 0 L 10 5 L 0 10 z"
              fill={theme.palette.text.secondary}
            />
          </marker>
        </defs>
        {placedEdges.map(placed => (
          <EdgeLine
            key={`${placed.edge.client}\u0000${placed.edge.server}`}
            placed={placed}
          />
        ))}
        {[...layout.nodes.values()].map(placed => (
          <NodeBox
            key={placed.node.id}
            placed={placed}
            focus={focus.includes(placed.node.id)}
          />
        ))}
      </svg>
    </div>
  );
}
