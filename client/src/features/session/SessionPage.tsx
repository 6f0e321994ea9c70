import { Link } from 'wouter';
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
import { SessionRecordGate } from './SessionRecordGate.tsx';
import { SessionTimeline } from './SessionTimeline.tsx';
import { useLiveSessionRecord } from './useLiveSessionRecord.ts';
import './SessionPage.css';

/**
 * One session in full, live: header, latest readings, trends over session time, and the record
 * (observations a page at a time, side effects, timeline) with corrections for those allowed.
 * The record loads first; its chart columns and table pages follow, so the live feed already
 * follows the session when they arrive.
 */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const mayCorrectObservations = useCan('observation.correct');
  const mayCorrectSideEffects = useCan('sideEffect.correct');
  const { mayRead, record, feedProblem } = useLiveSessionRecord(sessionId);

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
      <SessionRecordGate
        record={record}
        loadingTitle="Loading the session…"
        notFoundAction={
          <Link href="/" className="button button--primary">
            Back to the overview
          </Link>
        }
        notFoundDetail={<p>It may have been opened from an old link.</p>}
      >
        {(session) => (
          <div className="session-page__body">
            <SessionHeader session={session} />
            <SessionAlarmArea record={session} />
            <LatestVitals latest={session.latest} />
            <TrendCharts record={session} />
            <ObservationTable sessionId={sessionId} total={session.observationCount} mayCorrect={mayCorrectObservations} />
            <div className="session-page__records">
              <SideEffectTable sideEffects={session.sideEffects} mayCorrect={mayCorrectSideEffects} />
              <SessionTimeline transitions={session.transitions} infusionEvents={session.infusionEvents} />
            </div>
            <SessionAlarmLimits sessionId={sessionId} closed={session.phase === 'discharged' || session.phase === 'aborted'} />
          </div>
        )}
      </SessionRecordGate>
    </div>
  );
}
