import type { VitalKind } from '../vitals/catalogue.ts';

/**
 * One reading a reader found in a device export, already in catalogue terms (kind, UCUM unit),
 * but not yet tied to a session. The values are as the device sent them (the unit says which);
 * conversion to the catalogue unit happens once, in `recordObservations`.
 */
export interface IngestReading {
  /**
   * Stable within the source: what the reading is (code, channel, time). The server derives the
   * observation id from it, so a resent reading is the same write and is never stored twice.
   */
  key: string;
  kind: VitalKind;
  values: { value: number } | { systolic: number; diastolic: number };
  /** UCUM unit of `values`. */
  unit: string;
  /** ISO-8601 with offset. */
  observedAt: string;
  /** The zone assumed because the source gave no offset; null when it gave one. */
  timeAssumedZone: string | null;
  /** Where the time came from: `OBX-14`, `OBR-7`, `MSH-7`, a CSV column, `effectiveDateTime`, … */
  timeSource: string;
  /** A monitor's "no value" code (-100, -999, 32767, 8388607 …) rather than a measurement. */
  sentinel: boolean;
  /** Where in the source: `OBX 7` (set id), `row 12`, `entry 2`. */
  location: string;
  /** Channel (HL7 OBX-4 sub-id), which tells two readings of the same parameter apart. */
  channel: string;
  /** The code that matched (`MDC:147842`, `LN:8867-4`, or a CSV column name). */
  code: string;
  /** Demo / test flags seen on the reading (OBX-8 `DEMO`, `TEST`). */
  flags: string[];
}

export type IssueSeverity = 'error' | 'warning' | 'skipped';

/** Something a reader could not import, or chose not to, and why. Nothing is dropped without one. */
export interface IngestIssue {
  /** `OBX 3`, `row 14`, `entry 2.component 1`, or `message` for the whole message. */
  location: string;
  /** Machine-readable: `unmapped_code`, `waveform`, `device_description`, `column_drift`, … */
  code: string;
  message: string;
  /** `error`: should have been importable and was not (goes to the inbox / blocks a commit);
   *  `warning`: imported, but look; `skipped`: not a vital sign by design (waveforms, text, device rows). */
  severity: IssueSeverity;
}

/** Issue codes that mean "could not be mapped": an HL7 AE names them and the inbox keeps them. */
export const MAPPING_ERROR_CODES = [
  'unmapped_code',
  'unmapped_unit',
  'invalid_value',
  'invalid_time',
  'incomplete_blood_pressure',
  'correction_not_applied',
  'duplicate_row',
] as const;
