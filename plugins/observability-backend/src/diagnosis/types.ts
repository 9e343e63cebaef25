import { DiagnosisCheck } from '@sightline/plugin-observability-common';

/** What a check decides; the runner adds id, title and duration. */
export type CheckOutcome = Omit<DiagnosisCheck, 'id' | 'title' | 'durationMs'>;
