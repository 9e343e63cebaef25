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
  layoutGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
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
function fit(text: string, max = 22) {
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
        {fit(node.title)}
      </text>
      <text x={x + 14} y={y + 35} className={classes.caption}>
        {fit(caption, 28)}
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

function EdgePath({
  edge,
  from,
  to,
}: {
  edge: DependencyEdge;
  from: PlacedNode;
  to: PlacedNode;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const color =
    edge.errorRatio >= 0.05
      ? theme.palette.error.main
      : theme.palette.text.secondary;
  const [rate, latency] = edgeFigures(edge);
  const forward = to.x > from.x;
  // Forward: right side to left side. Back or within a column: under both boxes.
  const x1 = forward ? from.x + NODE_WIDTH : from.x + NODE_WIDTH / 2;
  const y1 = forward ? from.y + NODE_HEIGHT / 2 : from.y + NODE_HEIGHT;
  const x2 = forward ? to.x : to.x + NODE_WIDTH / 2;
  const y2 = forward ? to.y + NODE_HEIGHT / 2 : to.y + NODE_HEIGHT;
  const bend = forward ? (x2 - x1) / 2 : 0;
  const drop = forward ? 0 : 40;
  const d = `M ${x1} ${y1} C ${x1 + bend} ${y1 + drop}, ${x2 - bend} ${
    y2 + drop
  }, ${x2} ${y2}`;
  const labelX = (x1 + x2) / 2;
  const labelY = (y1 + y2) / 2 + (forward ? 0 : drop * 0.75);
  return (
    <g data-testid={`dependency-edge-${edge.client}-${edge.server}`}>
      <title>{`${edge.client} → ${edge.server}: ${rate}, ${latency}`}</title>
      <path
        d={d}
        fill="none"
        stroke={color}
        strokeWidth={1.5}
        markerEnd="url(#dependency-arrow)"
      />
      <text
        x={labelX}
        y={labelY - 4}
        textAnchor="middle"
        className={classes.edgeLabel}
      >
        {rate}
      </text>
      <text
        x={labelX}
        y={labelY + 10}
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
  return (
    <div className={classes.scroll}>
      <svg
        width={layout.width}
        height={layout.height + 40}
        viewBox={`0 0 ${layout.width} ${layout.height + 40}`}
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
        {edges.map(edge => {
          const from = layout.nodes.get(edge.client);
          const to = layout.nodes.get(edge.server);
          if (!from || !to || edge.client === edge.server) return null;
          return (
            <EdgePath
              key={`${edge.client}\u0000${edge.server}`}
              edge={edge}
              from={from}
              to={to}
            />
          );
        })}
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
