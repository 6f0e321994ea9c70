import { useCallback, useMemo, useState } from 'react';
import type { CorrectableRecord } from './RecordRow.tsx';
import { type RecordColumn, recordColumnCount } from './RecordTable.tsx';
import type { CorrectionMode } from './corrections.ts';

export type Editing = { id: string; mode: CorrectionMode } | null;

/** What every row of a record table is given; each kind's row adds its own cells and editor. */
export interface RecordRowState<T extends CorrectableRecord> {
  record: T;
  /** The version this one corrected, when it is in the table. */
  amends: T | undefined;
  mayCorrect: boolean;
  /** This row's form, if open: memoised rows re-render only when their own state changes. */
  editing: CorrectionMode | null;
  onEdit: (editing: Editing) => void;
  onDone: (message: string) => void;
  columns: number;
}

/**
 * A record table's state: which record is open for correction (one at a time, so two forms never
 * compete for focus) and what the last correction did, for the table's live region.
 */
export function useRecordTable<T extends CorrectableRecord>(records: readonly T[], ownColumns: readonly RecordColumn[], mayCorrect: boolean) {
  const [editing, setEditing] = useState<Editing>(null);
  const [announcement, setAnnouncement] = useState('');
  const byId = useMemo(() => new Map(records.map((record) => [record.id, record])), [records]);
  const columns = recordColumnCount(ownColumns, mayCorrect);
  // Stable, so the memoised rows do not all re-render when one form closes.
  const onDone = useCallback((message: string) => {
    setEditing(null);
    setAnnouncement(message);
  }, []);
  const rowState = (record: T): RecordRowState<T> => ({
    record,
    amends: record.amendsId ? byId.get(record.amendsId) : undefined,
    mayCorrect,
    editing: editing?.id === record.id ? editing.mode : null,
    onEdit: setEditing,
    onDone,
    columns,
  });
  return { announcement, columns, rowState };
}
