import {
  EntityAlert,
  LabelMatcher,
  matchesLabels,
  renderMatchers,
} from '@sightline/plugin-observability-common';

/** What a silence would do to the alerts the page shows, before it is created. */
export type SilencePreview =
  | {
      /** Firing now: the silence mutes them as soon as it is created. */
      mutesNow: EntityAlert[];
      /** Muted already (silenced or inhibited); this silence would mute them too. */
      alreadyMuted: EntityAlert[];
      /** Not firing yet: muted if they fire before the silence ends. */
      pending: EntityAlert[];
    }
  | {
      /** A matcher whose regex only Alertmanager's RE2 can evaluate. */
      unknown: string;
    };

/**
 * Which of the entity's current alerts a silence with these matchers would
 * mute, matched as Alertmanager matches them (all matchers, anchored
 * regexes, a missing label is empty). The backend adds the entity's
 * matchers to every silence, so they take part too.
 */
export function previewSilence(
  alerts: EntityAlert[],
  matchers: LabelMatcher[],
): SilencePreview {
  const unreadable = matchers.find(m => {
    try {
      matchesLabels([m], {});
      return false;
    } catch {
      return true;
    }
  });
  if (unreadable) return { unknown: renderMatchers([unreadable]) };
  const matched = alerts.filter(a => matchesLabels(matchers, a.labels));
  return {
    mutesNow: matched.filter(a => a.state === 'firing'),
    alreadyMuted: matched.filter(
      a => a.state === 'silenced' || a.state === 'inhibited',
    ),
    pending: matched.filter(a => a.state === 'pending'),
  };
}
