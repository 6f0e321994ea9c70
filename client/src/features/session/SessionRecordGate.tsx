import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { SessionRecord } from '../../../../shared/schemas/session.ts';
import { isApiError } from '../../api/ApiError.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';

interface SessionRecordGateProps {
  record: UseQueryResult<SessionRecord>;
  /** What the page says while the record loads. */
  loadingTitle: string;
  /** Where to go instead when there is no such session. */
  notFoundAction: ReactNode;
  notFoundDetail?: ReactNode;
  /** The page's content, once the record is in. */
  children: (session: SessionRecord) => ReactNode;
}

/**
 * The pages about one session show it only once its record is in. Until then they say the same
 * thing: loading, no such session (an old or mistyped link), or why it failed, with a retry. A
 * failed refetch replaces the page with the error too, rather than leaving a stale record up.
 */
export function SessionRecordGate({ record, loadingTitle, notFoundAction, notFoundDetail, children }: SessionRecordGateProps) {
  if (record.isPending) return <StatusMessage tone="loading" title={loadingTitle} />;
  if (!record.isError) return children(record.data);
  if (isApiError(record.error) && record.error.isNotFound) {
    return (
      <StatusMessage tone="empty" title="This session does not exist" action={notFoundAction}>
        {notFoundDetail}
      </StatusMessage>
    );
  }
  return (
    <StatusMessage
      tone="error"
      title="The session could not be loaded"
      action={
        <button type="button" className="button button--primary" onClick={() => void record.refetch()}>
          Try again
        </button>
      }
    >
      <p>{record.error.message}</p>
    </StatusMessage>
  );
}
