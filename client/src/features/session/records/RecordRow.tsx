import type { ReactNode } from 'react';
import { type RecordStatus as Status, isCurrentRecord } from '../../../../../shared/records.ts';
import { formatClockTime, formatDateTime } from '../../../ui/format.ts';
import { RecordStatus } from './RecordStatus.tsx';
import type { CorrectionMode } from './corrections.ts';
import type { RecordRowState } from './useRecordTable.ts';

export interface CorrectableRecord {
  id: string;
  status: Status;
  supersededById: string | null;
  statusReason: string | null;
  amendsId: string | null;
  observedAt: string;
  recordedAt: string;
  recordedByName: string;
}

interface RecordRowProps {
  row: RecordRowState<CorrectableRecord>;
  /** The attribute that carries the record's id, e.g. `data-observation-id`. */
  idAttribute: `data-${string}-id`;
  /** The record as the row's buttons name it to a screen reader, e.g. "heart rate 112 at 14:05:09". */
  describe: string;
  /** What a correction replaced, e.g. "152/94 mmHg". */
  amendsText: string | null;
  /** The correction form, in a row of its own below the record while it is open. */
  editor: (mode: CorrectionMode) => ReactNode;
  /** The record's own cells, between its time and who recorded it. */
  children: ReactNode;
}

/**
 * One version of a clinical record: when, what (the caller's cells), who, its status, and while it
 * is current the ways to correct it or withdraw it.
 */
export function RecordRow({ row, idAttribute, describe, amendsText, editor, children }: RecordRowProps) {
  const { record, mayCorrect, editing, onEdit, columns } = row;
  const current = isCurrentRecord(record);
  const idData = { [idAttribute]: record.id };
  return (
    <>
      <tr className={current ? undefined : 'record-table__row--inactive'} {...idData} data-status={record.supersededById ? 'superseded' : record.status}>
        <td className="record-table__time">
          <time dateTime={record.observedAt} title={formatDateTime(record.observedAt)}>
            {formatClockTime(record.observedAt)}
          </time>
        </td>
        {children}
        <td>
          <span className="record-table__who">{record.recordedByName}</span>
          <time className="record-table__when" dateTime={record.recordedAt} title={formatDateTime(record.recordedAt)}>
            {formatClockTime(record.recordedAt)}
          </time>
        </td>
        <td>
          <RecordStatus record={record} amendsText={amendsText} />
        </td>
        {mayCorrect ? (
          <td className="record-table__actions">
            {current && editing === null ? (
              <>
                <button type="button" className="link-button" onClick={() => onEdit({ id: record.id, mode: 'correct' })}>
                  Correct<span className="sr-only"> {describe}</span>
                </button>
                <button type="button" className="link-button link-button--danger" onClick={() => onEdit({ id: record.id, mode: 'error' })}>
                  Entered in error<span className="sr-only">: {describe}</span>
                </button>
              </>
            ) : null}
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr className="record-table__editor">
          <td colSpan={columns}>{editor(editing)}</td>
        </tr>
      ) : null}
    </>
  );
}
