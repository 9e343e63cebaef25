import { Box, makeStyles, Paper, Tab, Tabs } from '@material-ui/core';
import { useSearchParams } from 'react-router-dom';
import {
  NotConfiguredBoundary,
  TimeRangePicker,
  TimeRangeProvider,
  useSharedTimeRange,
} from '../shared';
import {
  ServiceAttentionProvider,
  useServiceAttention,
} from '../ServiceStatusStrip';
import { SectionTabLabel } from './SectionTabLabel';
import { OBSERVABILITY_SECTIONS } from './sections';
import { DeploymentsProvider } from '../shared/deployments';
import { AdjustmentsProvider } from '../shared/AdjustmentBands';

// Backstage's themes paint a focused tab white, unreadable in the dark theme;
// keep a visible focus that follows the palette instead. MUI gives each tab
// 160 px from 960 px up: seven of them overflow a 1024 px window and hide
// Dashboards and Setup behind a scroll arrow, so tabs take their label's width.
const useTabStyles = makeStyles(theme => ({
  root: {
    minWidth: 0,
    '&:focus': { backgroundColor: 'transparent' },
    '&.Mui-focusVisible': { backgroundColor: theme.palette.action.focus },
  },
}));

function SectionTabs() {
  const tabClasses = useTabStyles();
  const [params, setParams] = useSearchParams();
  const range = useSharedTimeRange();
  const attention = useServiceAttention();
  const current =
    OBSERVABILITY_SECTIONS.find(s => s.id === params.get('section')) ??
    OBSERVABILITY_SECTIONS[0];
  return (
    <>
      <Paper>
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          flexWrap="wrap"
          px={2}
          py={1}
          style={{ gap: 8 }}
        >
          <Tabs
            value={current.id}
            onChange={(_, id: string) =>
              setParams(previous => {
                const next = new URLSearchParams(previous);
                next.set('section', id);
                return next;
              })
            }
            indicatorColor="primary"
            textColor="primary"
            variant="scrollable"
            // Keep the tabs' full width and let the time picker wrap below
            // them; scroll only when the tabs alone are wider than the page.
            style={{ flex: '0 0 auto', maxWidth: '100%' }}
            aria-label="Observability sections"
          >
            {OBSERVABILITY_SECTIONS.map(s => {
              const badge = attention && s.badge?.(attention);
              return (
                <Tab
                  classes={tabClasses}
                  key={s.id}
                  value={s.id}
                  label={<SectionTabLabel title={s.title} badge={badge} />}
                  aria-label={
                    badge ? `${s.title}, ${badge.description}` : undefined
                  }
                  id={`observability-tab-${s.id}`}
                  aria-controls={`observability-section-${s.id}`}
                />
              );
            })}
          </Tabs>
          <TimeRangePicker
            range={range}
            showRange={current.usesTimeRange}
            note={current.timeNote}
          />
        </Box>
      </Paper>
      <Box
        mt={3}
        role="tabpanel"
        id={`observability-section-${current.id}`}
        aria-labelledby={`observability-tab-${current.id}`}
      >
        {current.render()}
      </Box>
    </>
  );
}

/**
 * The entity page's "Observability" tab: sections a developer can link to,
 * sharing one time range kept in the URL; setup help instead while the
 * backend is not configured.
 */
export function ObservabilityContent() {
  return (
    <NotConfiguredBoundary>
      <TimeRangeProvider>
        <ServiceAttentionProvider>
          <DeploymentsProvider>
            <AdjustmentsProvider>
              <SectionTabs />
            </AdjustmentsProvider>
          </DeploymentsProvider>
        </ServiceAttentionProvider>
      </TimeRangeProvider>
    </NotConfiguredBoundary>
  );
}
