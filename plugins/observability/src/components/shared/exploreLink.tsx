import { Button } from '@material-ui/core';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import { ExploreLink } from '@sightline/plugin-observability-common';
import { useEntityPanelData } from './useEntityPanelData';

/**
 * The entity's Grafana Explore link for one signal, over the shared time
 * range. Grafana is optional: without it (or when it fails) there is no link.
 */
export function useExploreLink(
  signal: ExploreLink['signal'],
): ExploreLink | undefined {
  const dashboards = useEntityPanelData((api, entityRef, range) =>
    api.getDashboards(entityRef, range),
  );
  return dashboards.value?.explore.find(l => l.signal === signal);
}

/** Opens Grafana Explore in a new tab; the tooltip says what it will show. */
export function ExploreButton({
  url,
  title,
  label = 'Open in Grafana Explore',
}: {
  url: string;
  title?: string;
  label?: string;
}) {
  return (
    <Button
      variant="outlined"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      endIcon={<OpenInNewIcon />}
      title={title}
    >
      {label}
    </Button>
  );
}
