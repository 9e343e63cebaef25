import { Button } from '@material-ui/core';
import { DiagnosisCheckId } from '@sightline/plugin-observability-common';
import { Link as RouterLink } from 'react-router-dom';
import { useSectionLink } from './sectionLink';

/**
 * The action of an empty state inside the Observability tab: opens the Setup
 * section, which shows what is configured and generates missing monitoring;
 * with `diagnose`, at Diagnose with that check opened.
 */
export function OpenSetupButton({ diagnose }: { diagnose?: DiagnosisCheckId }) {
  const sectionLink = useSectionLink();
  return (
    <Button
      variant="contained"
      color="primary"
      component={RouterLink}
      to={sectionLink('setup', { diagnose })}
    >
      {diagnose ? 'Diagnose' : 'Open Setup'}
    </Button>
  );
}
