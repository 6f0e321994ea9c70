import type { RecordStatus } from '../../../shared/schemas/observation.ts';

/** What observations and side-effect notes have in common for ordering and versioning. */
export interface ClinicalRecord {
  id: string;
  observedAt: string;
  recordedAt: string;
  status: RecordStatus;
  supersededById: string | null;
}

/**
 * Records change only by status (entered in error) or by being superseded; a correction is a new
 * record with a new id. So these fields identify a version without comparing values.
 */
export function isSameVersion(a: ClinicalRecord, b: ClinicalRecord): boolean {
  return a.id === b.id && a.status === b.status && a.supersededById === b.supersededById && a.recordedAt === b.recordedAt;
}

/** The server's order: observed time, then recorded time. ISO UTC strings sort as text. */
export function compareChronologically(a: ClinicalRecord, b: ClinicalRecord): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? -1 : 1;
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return 0;
}

/**
 * Inserts a record or replaces the version with the same id, keeping chronological order.
 * Returns the input list itself when it already holds this version, so a replayed change is free.
 */
export function upsertChronologically<T extends ClinicalRecord>(list: T[], record: T): T[] {
  const index = list.findIndex((item) => item.id === record.id);
  if (index >= 0 && isSameVersion(list[index] as T, record)) return list;
  const others = index >= 0 ? [...list.slice(0, index), ...list.slice(index + 1)] : list;
  return insertSorted(others, record);
}

/** Plain array copies rather than ES2023 `toSpliced`, so older clinic tablets keep working. */
function insertSorted<T extends ClinicalRecord>(list: T[], record: T): T[] {
  // Live readings nearly always belong at the end, so search from there.
  let position = list.length;
  while (position > 0 && compareChronologically(list[position - 1] as T, record) > 0) position--;
  return [...list.slice(0, position), record, ...list.slice(position)];
}
