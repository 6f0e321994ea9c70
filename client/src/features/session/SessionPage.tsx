import { useMemo } from 'react';
import { Link } from 'wouter';
import { isApiError } from '../../api/ApiError.ts';
import { sessionFeed } from '../../realtime/feeds.ts';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { SessionAlarmArea } from '../alarms/SessionAlarmArea.tsx';
import { SessionAlarmLimits } from '../alarms/settings/SessionAlarmLimits.tsx';
import { NoAccess } from '../auth/NoAccess.tsx';
import { RecordAtBedsideLink } from '../entry/RecordAtBedsideLink.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { TrendCharts } from './charts/TrendCharts.tsx';
import { LatestVitals } from './LatestVitals.tsx';
import { ObservationTable } from './records/ObservationTable.tsx';
import { SideEffectTable } from './records/SideEffectTable.tsx';
import { SessionHeader } from './SessionHeader.tsx';
import { SessionTimeline } from './SessionTimeline.tsx';
import { useSessionRecord } from './sessionQuery.ts';
import './SessionPage.css';

/**
 * One session in full, live: header, latest readings, trends over session time, and the record
 * (observations a page at a time, side effects, timeline) with corrections for those allowed.
 * The record loads first; its chart columns and table pages follow, so the live feed already
 * follows the session when they arrive.
 */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const mayRead = useCan('session.read');
  const mayCorrectObservations = useCan('observation.correct');
  const mayCorrectSideEffects = useCan('sideEffect.correct');
  const record = useSessionRecord(sessionId, mayRead);
  const feed = useMemo(() => (mayRead ? sessionFeed(sessionId) : null), [sessionId, mayRead]);
  const feedProblem = useLiveFeed(feed);

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">Session</h1>
        <NoAccess what="sessions" />
      </div>
    );
  }

  return (
    <div className="page session-page">
      <nav className="session-page__crumbs" aria-label="Breadcrumb">
        <Link href="/" className="session-page__back">
          <span aria-hidden="true">←</span> Ward overview
        </Link>
        <RecordAtBedsideLink sessionId={sessionId} />
        <Link href={`/sessions/${sessionId}/report`} className="session-page__back">
          Report and sign-off
        </Link>
      </nav>
      {feedProblem ? (
        <p className="session-page__problem" role="alert">
          Live updates stopped: {feedProblem.message}
        </p>
      ) : null}
      {record.isPending ? (
        <StatusMessage tone="loading" title="Loading the session…" />
      ) : record.isError ? (
        isApiError(record.error) && record.error.isNotFound ? (
          <StatusMessage
            tone="empty"
            title="This session does not exist"
            action={
              <Link href="/" className="button button--primary">
                Back to the overview
              </Link>
            }
          >
            <p>It may have been opened from an old link.</p>
          </StatusMessage>
        ) : (
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
        )
      ) : (
        <div className="session-page__body">
          <SessionHeader session={record.data} />
          <SessionAlarmArea record={record.data} />
          <LatestVitals latest={record.data.latest} />
          <TrendCharts record={record.data} />
          <ObservationTable sessionId={sessionId} total={record.data.observationCount} mayCorrect={mayCorrectObservations} />
          <div className="session-page__records">
            <SideEffectTable sideEffects={record.data.sideEffects} mayCorrect={mayCorrectSideEffects} />
            <SessionTimeline transitions={record.data.transitions} infusionEvents={record.data.infusionEvents} />
          </div>
          <SessionAlarmLimits sessionId={sessionId} closed={record.data.phase === 'discharged' || record.data.phase === 'aborted'} />
        </div>
      )}
    </div>
  );
}
