import { STATUS_LABELS, SUPERSEDED_LABEL } from '../../../../../shared/records.ts';
import type { RecordStatus as Status } from '../../../../../shared/records.ts';

interface RecordStatusProps {
  record: { status: Status; supersededById: string | null; statusReason: string | null; amendsId: string | null };
  /** What the correction replaced, e.g. "152/94 mmHg". */
  amendsText: string | null;
}

/**
 * Final, amended, superseded or entered in error, as an icon and a word (never colour alone),
 * with the reason for a withdrawal and what a correction replaced.
 */
export function RecordStatus({ record, amendsText }: RecordStatusProps) {
  const state = record.supersededById ? 'superseded' : record.status;
  const label = state === 'superseded' ? SUPERSEDED_LABEL : STATUS_LABELS[record.status];
  return (
    <span className={`record-status record-status--${state}`}>
      <span className="record-status__label">
        <StatusIcon state={state} />
        {label}
      </span>
      {state === 'entered-in-error' && record.statusReason ? <span className="record-status__detail">{record.statusReason}</span> : null}
      {state === 'superseded' ? <span className="record-status__detail">replaced by a correction</span> : null}
      {state === 'amended' && amendsText ? <span className="record-status__detail">was {amendsText}</span> : null}
    </span>
  );
}

function StatusIcon({ state }: { state: Status | 'superseded' }) {
  if (state === 'final') return null;
  const path =
    state === 'amended'
      ? 'M3 13.5V16h2.5l7.4-7.4-2.5-2.5zM15.7 5.8a.7.7 0 0 0 0-1l-1.5-1.5a.7.7 0 0 0-1 0l-1.2 1.2 2.5 2.5z'
      : state === 'superseded'
        ? 'M3 10h14M13 6l4 4-4 4'
        : 'M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM4.7 4.7l10.6 10.6';
  return (
    <svg className="record-status__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  );
}
