import { Link } from 'wouter';
import type { SessionRecord } from '../../../../shared/schemas/session.ts';
import { mrnIsSelfLabelled } from '../../clinical/sessionText.ts';
import { ageInYears } from '../../ui/format.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan, useSignedInUser } from '../auth/signedInUser.ts';
import { SessionRecordGate } from '../session/SessionRecordGate.tsx';
import { useLiveSessionRecord } from '../session/useLiveSessionRecord.ts';
import { EntryLog } from './EntryLog.tsx';
import { SessionControls } from './SessionControls.tsx';
import { SideEffectForm } from './SideEffectForm.tsx';
import { VitalsForm } from './VitalsForm.tsx';
import './entry.css';
import { useDocumentTitle } from '../../ui/useDocumentTitle.ts';

/**
 * The bedside screen for one chair: vitals, side effects, the infusion, and what this device has
 * sent. Live, like the session page: another nurse's entry or the monitor's reading updates the
 * "last" values beside the fields.
 */
export function EntryPage({ sessionId }: { sessionId: string }) {
  const user = useSignedInUser();
  const mayRecordVitals = useCan('observation.record');
  const mayRecordSideEffects = useCan('sideEffect.record');
  const { mayRead, record, feedProblem } = useLiveSessionRecord(sessionId);
  const patientName = record.data?.patient.name;

  useDocumentTitle('Record', patientName);

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">Bedside entry</h1>
        <NoAccess what="sessions" />
      </div>
    );
  }

  return (
    <div className="page entry-page">
      {record.data ? null : (
        <nav className="entry-page__crumbs" aria-label="Breadcrumb">
          <Link href="/bedside" className="entry-page__back">
            <span aria-hidden="true">←</span> Chairs
          </Link>
        </nav>
      )}
      {feedProblem ? (
        <p className="entry-form-error" role="alert">
          Live updates stopped: {feedProblem.message}
        </p>
      ) : null}
      <SessionRecordGate
        record={record}
        loadingTitle="Opening the chair…"
        notFoundAction={
          <Link href="/bedside" className="button button--primary">
            Choose a chair
          </Link>
        }
      >
        {(session) => <EntryScreen session={session} userId={user.id} mayRecordVitals={mayRecordVitals} mayRecordSideEffects={mayRecordSideEffects} />}
      </SessionRecordGate>
    </div>
  );
}

function EntryScreen({
  session,
  userId,
  mayRecordVitals,
  mayRecordSideEffects,
}: {
  session: SessionRecord;
  userId: string;
  mayRecordVitals: boolean;
  mayRecordSideEffects: boolean;
}) {
  const age = ageInYears(session.patient.dateOfBirth, Date.now());
  const notStarted = session.phase === 'scheduled' ? 'Check the patient in (Infusion, right) before recording readings.' : null;
  const latestSideEffect = session.sideEffects.reduce<SessionRecord['sideEffects'][number] | null>(
    (latest, note) => (note.status !== 'entered-in-error' && note.supersededById === null && (!latest || note.observedAt >= latest.observedAt) ? note : latest),
    null,
  );
  return (
    <div className="entry-screen" data-session-id={session.id} data-phase={session.phase}>
      <header className="entry-header">
        <nav className="entry-header__crumbs" aria-label="Breadcrumb">
          <Link href="/bedside" className="entry-page__back">
            <span aria-hidden="true">←</span> Chairs
          </Link>
        </nav>
        <p className="entry-header__chair">
          {session.chair.label}
          {session.chair.room ? <span className="entry-header__room"> · {session.chair.room}</span> : null}
        </p>
        <h1 className="entry-header__name">{session.patient.name}</h1>
        <p className="entry-header__meta">
          <span>
            {mrnIsSelfLabelled(session.patient.mrn) ? null : <abbr title="Medical record number">MRN </abbr>}
            {session.patient.mrn}
          </span>
          <span>{Number.isFinite(age) ? `${age} y` : session.patient.dateOfBirth}</span>
          <span>{session.weightKg} kg</span>
        </p>
        <Link href={`/sessions/${session.id}`} className="entry-page__back entry-header__record-link">
          Session record <span aria-hidden="true">→</span>
        </Link>
      </header>
      <div className="entry-layout">
        <div className="entry-layout__main">
          {mayRecordVitals ? (
            <VitalsForm key={`vitals-${session.id}`} sessionId={session.id} userId={userId} latest={session.latest} disabledReason={notStarted} />
          ) : (
            <p className="entry-notice">Your role can read this session but not record readings.</p>
          )}
          {mayRecordSideEffects ? (
            <SideEffectForm key={`side-${session.id}`} sessionId={session.id} userId={userId} latest={latestSideEffect} disabledReason={notStarted} />
          ) : null}
        </div>
        <div className="entry-layout__side">
          <SessionControls session={session} />
          <EntryLog sessionId={session.id} />
        </div>
      </div>
    </div>
  );
}
