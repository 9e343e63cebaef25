import { Chip } from '@material-ui/core';
import { serviceColour } from './waterfall';

/**
 * A service's name in a chip, after a dot of the colour its spans have in
 * the waterfall.
 */
export function ServiceChip({ service }: { service: string }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={service}
      icon={
        <span
          aria-hidden
          data-testid="service-colour"
          style={{
            // Overrides the 18 px icon box and its margins Chip gives icons.
            width: 8,
            height: 8,
            marginLeft: 8,
            marginRight: -2,
            flexShrink: 0,
            borderRadius: '50%',
            backgroundColor: serviceColour(service),
          }}
        />
      }
    />
  );
}
