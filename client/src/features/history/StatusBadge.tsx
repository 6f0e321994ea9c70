import type { SessionStatus } from '../../../../shared/schemas/session.ts';
import { STATUS_TEXT } from './historyText.ts';

export function StatusBadge({ status }: { status: SessionStatus }) {
  return (
    <span className={`history-status history-status--${status}`} data-status={status}>
      {STATUS_TEXT[status]}
    </span>
  );
}
