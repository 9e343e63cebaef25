import { Button } from '@material-ui/core';
import { Link as RouterLink } from 'react-router-dom';
import { useSectionLink } from './sectionLink';

/**
 * The action of an empty state inside the Observability tab: opens the Setup
 * section, which shows what is configured and generates missing monitoring.
 */
export function OpenSetupButton() {
  const sectionLink = useSectionLink();
  return (
    <Button
      variant="contained"
      color="primary"
      component={RouterLink}
      to={sectionLink('setup')}
    >
      Open Setup
    </Button>
  );
}
