/**
 * How clinical records are versioned. Kept free of zod so screens that only display records do not
 * pull the validation library into the first page's bundle.
 */

export const OBSERVATION_SOURCES = ['manual', 'device', 'import'] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];

export const RECORD_STATUSES = ['final', 'amended', 'entered-in-error'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

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

/** Records still in force: not replaced by a correction, not withdrawn. */
export function isCurrentRecord(record: { status: RecordStatus; supersededById: string | null }): boolean {
  return record.status !== 'entered-in-error' && record.supersededById === null;
}
