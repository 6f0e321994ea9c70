import type { ObservationSource, RecordStatus } from '../../../shared/schemas/observation.ts';
import type { Severity } from '../../../shared/sideEffects/catalogue.ts';

/*
 * Words for enum values the shared contract does not label yet. They belong in shared/ beside
 * the enums (requested from the shared owners); until then they live here, and only here.
 */

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  none: 'None',
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

export const SOURCE_LABELS: Readonly<Record<ObservationSource, string>> = {
  manual: 'Manual',
  device: 'Device',
  import: 'Import',
};

export const STATUS_LABELS: Readonly<Record<RecordStatus, string>> = {
  final: 'Final',
  amended: 'Amended',
  'entered-in-error': 'Entered in error',
};

/** A record replaced by a correction keeps its own status; the screen says it was superseded. */
export const SUPERSEDED_LABEL = 'Superseded';
