import { CodeSnippet } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { DependencyDrift } from '@sightline/plugin-observability-common';
import { Link as RouterLink } from 'react-router-dom';

const KIND_LABELS: Record<DependencyDrift['kind'], string> = {
  undeclared: 'Called, not declared',
  unobserved: 'Declared, no calls',
};

/**
 * Where the catalog and the traffic disagree: calls no relation declares,
 * with the YAML to add to the caller's entity, and declared dependencies
 * that saw no calls over the range.
 */
export function DriftList({ drift }: { drift: DependencyDrift[] }) {
  const entityLink = useEntityRefLink();
  const link = (ref: string) => (
    <RouterLink to={entityLink(parseEntityRef(ref))}>
      {parseEntityRef(ref).name}
    </RouterLink>
  );
  if (drift.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The catalog's dependsOn and API relations match the calls seen over this
        range.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Catalog drift">
      {drift.map(d => (
        <ListItem
          key={`${d.kind} ${d.clientRef} ${d.serverRef}`}
          alignItems="flex-start"
          divider
        >
          <ListItemText
            disableTypography
            primary={
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <Chip
                  size="small"
                  label={KIND_LABELS[d.kind]}
                  color={d.kind === 'undeclared' ? 'secondary' : 'default'}
                />
                <Typography variant="body2">
                  {link(d.clientRef)} → {link(d.serverRef)}
                  {d.declaredAs && ` (declared by ${d.declaredAs})`}
                </Typography>
              </Box>
            }
            secondary={
              <>
                <Typography
                  variant="body2"
                  color="textSecondary"
                  style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}
                >
                  {d.message}
                </Typography>
                {d.yaml && (
                  <Box mt={1}>
                    <Typography variant="caption">
                      Add to the catalog-info.yaml of{' '}
                      {parseEntityRef(d.clientRef).name}:
                    </Typography>
                    <CodeSnippet
                      text={d.yaml}
                      language="yaml"
                      showCopyCodeButton
                    />
                  </Box>
                )}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
