import { CartesianGrid, Legend, Line, LineChart, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import type { RemsSummary } from '../../../../shared/schemas/history.ts';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { type SessionRecord, sessionStatus } from '../../../../shared/schemas/session.ts';
import { SEVERITY_LABELS, SIDE_EFFECTS } from '../../../../shared/sideEffects/catalogue.ts';
import { SOURCE_LABELS } from '../../../../shared/records.ts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { isApiError } from '../../api/ApiError.ts';
import { indicationText } from '../../clinical/sessionText.ts';
import { formatObservationValue } from '../../clinical/vitalDisplay.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { formatClockTime, formatDateTime } from '../../ui/format.ts';
import { alarmLabel, priorityText } from '../alarms/alarmView.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { useSessionRecord } from '../session/sessionQuery.ts';
import { useAllObservations, useRems, useSignSession } from './historyQueries.ts';
import { StatusBadge } from './StatusBadge.tsx';
import './report.css';

/** The session as a printable clinical document (A4), with the physician's sign-off. */
export function SessionReportPage({ sessionId }: { sessionId: string }) {
  const mayRead = useCan('session.read');
  const record = useSessionRecord(sessionId, mayRead);
  const rems = useRems(sessionId, mayRead);
  const observations = useAllObservations(sessionId, mayRead);

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">Session report</h1>
        <NoAccess what="session reports" />
      </div>
    );
  }
  if (record.isPending || rems.isPending || observations.isPending) return <StatusMessage tone="loading" title="Preparing the report…" />;
  if (record.isError || rems.isError || observations.isError) {
    const error = record.error ?? rems.error ?? observations.error;
    return (
      <div className="page">
        <h1 className="sr-only">Session report</h1>
        <StatusMessage tone="error" title="The report could not be prepared">
          <p>{error?.message}</p>
        </StatusMessage>
      </div>
    );
  }
  return <Report session={record.data} rems={rems.data} observations={observations.data} />;
}

const minuteOf = (session: SessionRecord, iso: string): number => {
  const origin = Date.parse(session.infusionStartedAt ?? session.createdAt);
  return Math.round((Date.parse(iso) - origin) / 60_000);
};

function Report({ session, rems, observations }: { session: SessionRecord; rems: RemsSummary; observations: Observation[] }) {
  const mayExport = useCan('record.export');
  const current = observations.filter((o) => o.supersededById === null);
  const sideEffects = session.sideEffects.filter((s) => s.supersededById === null);
  const status = sessionStatus(session);
  return (
    <div className="report-screen">
      <div className="report-toolbar no-print">
        <Link href={`/sessions/${session.id}`}>
          <span aria-hidden="true">←</span> Back to the session
        </Link>
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        {mayExport ? (
          <>
            <a className="button" href={`/api/sessions/${encodeURIComponent(session.id)}/export.csv`} download>
              Export CSV
            </a>
            <a className="button" href={`/api/sessions/${encodeURIComponent(session.id)}/export.fhir`} download>
              Export FHIR
            </a>
          </>
        ) : null}
      </div>
      <article className="report" data-report={session.id}>
        <header className="report__header">
          <div>
            <p className="report__kicker">Chairside · Ketamine infusion record</p>
            <h1 className="report__title">{session.patient.name}</h1>
          </div>
          <StatusBadge status={status} />
        </header>
        <dl className="report__facts">
          <Fact term="MRN" value={session.patient.mrn} />
          <Fact term="Date of birth" value={session.patient.dateOfBirth} />
          <Fact term="Weight" value={`${session.weightKg} kg`} />
          <Fact term="Chair" value={`${session.chair.label} (${session.chair.room})`} />
          <Fact term="Indication" value={indicationText(session)} />
          <Fact term="Protocol" value={`${session.doseMgPerKg} mg/kg · ${session.totalDoseMg} mg over ${session.plannedInfusionMinutes} min (${session.rateMgPerHour} mg/h)`} />
          <Fact term="Infusion started" value={session.infusionStartedAt ? formatDateTime(session.infusionStartedAt) : 'Not started'} />
          <Fact term="Times below" value="Clinic local time; minutes from infusion start" />
          <Fact term="Nurse" value={session.nurse.name} />
          <Fact term="Physician" value={session.physician.name} />
        </dl>

        <RemsSection rems={rems} />

        <section className="report__section report__chart">
          <h2>Vital signs</h2>
          <VitalsChart session={session} observations={current} />
        </section>

        <section className="report__section">
          <h2>Observations</h2>
          {current.length === 0 ? (
            <p>None recorded.</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Minute</th>
                  <th scope="col">Vital sign</th>
                  <th scope="col">Value</th>
                  <th scope="col">Source</th>
                  <th scope="col">Recorded by</th>
                  <th scope="col">Record</th>
                </tr>
              </thead>
              <tbody>
                {current.map((o) => (
                  <tr key={o.id} className={o.status === 'entered-in-error' ? 'report-table__withdrawn' : undefined}>
                    <td>{formatClockTime(o.observedAt)}</td>
                    <td>{minuteOf(session, o.observedAt)}</td>
                    <td>{VITALS[o.kind].label}</td>
                    <td>
                      {formatObservationValue(o)} {displayUnit(o.unit)}
                      {o.abnormal ? ' (abnormal)' : ''}
                    </td>
                    <td>{SOURCE_LABELS[o.source]}</td>
                    <td>{o.recordedByName}</td>
                    <td>{recordMark(o.status, o.statusReason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="report__section">
          <h2>Side effects</h2>
          {sideEffects.length === 0 ? (
            <p>None recorded.</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Side effect</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Score</th>
                  <th scope="col">Note</th>
                  <th scope="col">Recorded by</th>
                  <th scope="col">Record</th>
                </tr>
              </thead>
              <tbody>
                {sideEffects.map((s) => (
                  <tr key={s.id} className={s.status === 'entered-in-error' ? 'report-table__withdrawn' : undefined}>
                    <td>{formatClockTime(s.observedAt)}</td>
                    <td>{SIDE_EFFECTS[s.kind].label}</td>
                    <td>{SEVERITY_LABELS[s.severity]}</td>
                    <td>{s.score === null ? '—' : `${s.score}${s.scale ? ` (${s.scale})` : ''}`}</td>
                    <td>{s.note ?? ''}</td>
                    <td>{s.recordedByName}</td>
                    <td>{recordMark(s.status, s.statusReason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="report__section">
          <h2>Infusion events</h2>
          {session.infusionEvents.length === 0 ? (
            <p>None recorded.</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Detail</th>
                  <th scope="col">Recorded by</th>
                </tr>
              </thead>
              <tbody>
                {session.infusionEvents.map((e) => (
                  <tr key={e.id}>
                    <td>{formatClockTime(e.at)}</td>
                    <td>{words(e.kind)}</td>
                    <td>
                      {[e.rateMgPerHour === null ? null : `${e.rateMgPerHour} mg/h`, e.drug ? `${e.drug} ${e.dose ?? ''} ${e.doseUnit ?? ''} ${e.route ?? ''}`.trim() : null, e.reason]
                        .filter(Boolean)
                        .join(' · ') || '—'}
                    </td>
                    <td>{e.recordedByName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="report__section">
          <h2>Alarms</h2>
          {session.alarms.length === 0 ? (
            <p>No alarms were raised.</p>
          ) : (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Raised</th>
                  <th scope="col">Alarm</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Value</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">Acknowledged by</th>
                </tr>
              </thead>
              <tbody>
                {session.alarms.map((a) => (
                  <tr key={a.id}>
                    <td>{formatDateTime(a.raisedAt)}</td>
                    <td>{alarmLabel(a)}</td>
                    <td>{priorityText(a)}</td>
                    <td>{a.value}</td>
                    <td>{a.resolvedAt ? formatDateTime(a.resolvedAt) : '—'}</td>
                    <td>{a.acknowledgedByName ? `${a.acknowledgedByName}, ${a.acknowledgedAt ? formatDateTime(a.acknowledgedAt) : ''}` : 'Not acknowledged'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="report__section report__signatures">
          <h2>Signatures</h2>
          <dl className="report__facts">
            <Fact term="Recorded by (nurse)" value={session.nurse.name} />
            <Fact
              term="Reviewed and signed"
              value={session.signedAt && session.signedBy ? `${session.signedBy.name}, ${formatDateTime(session.signedAt)}` : 'Not signed'}
            />
          </dl>
          <SignButton session={session} />
        </section>
        <footer className="report__footer">
          Session {session.id} · printed {formatDateTime(new Date().toISOString())}
        </footer>
      </article>
    </div>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="report__fact">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** UCUM codes as a clinician writes them: mm[Hg] → mmHg. */
function displayUnit(unit: string): string {
  return unit.replace(/\[|\]/g, '');
}

function words(camel: string): string {
  const spaced = camel.replace(/([A-Z])/g, ' $1').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function recordMark(status: Observation['status'], reason: string | null): string {
  if (status === 'amended') return `Amended${reason ? `: ${reason}` : ''}`;
  if (status === 'entered-in-error') return `Withdrawn${reason ? `: ${reason}` : ''}`;
  return 'Original';
}

const yesNo = (value: boolean | null): string => (value === null ? 'Not recorded' : value ? 'Yes' : 'No');
const effect = (e: { occurred: boolean; resolved: boolean }): string => (e.occurred ? (e.resolved ? 'Occurred, resolved' : 'Occurred, NOT resolved') : 'Did not occur');

function RemsSection({ rems }: { rems: RemsSummary }) {
  return (
    <section className="report__section">
      <h2>REMS monitoring summary</h2>
      <dl className="report__facts report__facts--rems">
        <Fact term="Blood pressure before dosing" value={rems.bpBeforeDosing ?? 'Missing'} />
        <Fact term="Blood pressure at 40 min" value={rems.bpAt40Minutes ?? 'Missing'} />
        <Fact term="Blood pressure before discharge" value={rems.bpBeforeDischarge ?? 'Missing'} />
        <Fact term="Total monitoring" value={rems.totalMonitoringMinutes === null ? 'Missing' : `${rems.totalMonitoringMinutes} min`} />
        <Fact term="Ready to leave at" value={rems.readyToLeaveMinute === null ? 'Missing' : `minute ${rems.readyToLeaveMinute}`} />
        <Fact term="Sedation" value={effect(rems.sedation)} />
        <Fact term="Dissociation" value={effect(rems.dissociation)} />
        <Fact term="Respiratory depression" value={effect(rems.respiratoryDepression)} />
        <Fact term="Vitals acceptable before dosing" value={yesNo(rems.vitalsAcceptableBeforeDosing)} />
        <Fact term="Vitals acceptable before discharge" value={yesNo(rems.vitalsAcceptableBeforeDischarge)} />
      </dl>
      {rems.missing.length > 0 ? (
        <div className="report__missing">
          <p>Missing before sign-off:</p>
          <ul>
            {rems.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="report__complete">All REMS items are recorded.</p>
      )}
    </section>
  );
}

const CHART_WIDTH = 680;

function VitalsChart({ session, observations }: { session: SessionRecord; observations: Observation[] }) {
  const rows = new Map<number, { minute: number; systolic?: number; diastolic?: number; heartRate?: number; spo2?: number }>();
  for (const o of observations) {
    if (o.status === 'entered-in-error') continue;
    const minute = minuteOf(session, o.observedAt);
    const row = rows.get(minute) ?? { minute };
    if (o.kind === 'bloodPressure') {
      row.systolic = o.value;
      row.diastolic = o.value2 ?? undefined;
    } else if (o.kind === 'heartRate') row.heartRate = o.value;
    else if (o.kind === 'spo2') row.spo2 = o.value;
    rows.set(minute, row);
  }
  const data = [...rows.values()].sort((a, b) => a.minute - b.minute);
  if (data.length === 0) return <p>No readings to chart.</p>;
  const summary = data.map((d) => `min ${d.minute}: ${[d.systolic ? `BP ${d.systolic}/${d.diastolic}` : '', d.heartRate ? `HR ${d.heartRate}` : '', d.spo2 ? `SpO2 ${d.spo2}` : ''].filter(Boolean).join(', ')}`);
  return (
    <figure className="report-chart" data-chart="report-vitals">
      <div role="img" aria-label={`Blood pressure, heart rate and SpO2 over the session. ${summary.join('; ')}`}>
        <LineChart width={CHART_WIDTH} height={240} data={data} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d7dc" />
          <XAxis dataKey="minute" type="number" domain={['dataMin', 'dataMax']} ticks={data.map((d) => d.minute)} tick={{ fontSize: 10 }} label={{ value: 'minutes from infusion start', position: 'insideBottom', offset: -8, fontSize: 10 }} />
          <YAxis tick={{ fontSize: 10 }} width={34} domain={[40, 200]} />
          <Legend verticalAlign="top" height={22} wrapperStyle={{ fontSize: 11 }} />
          <Line dataKey="systolic" name="Systolic BP (mmHg)" stroke="#b91c1c" strokeWidth={2} isAnimationActive={false} connectNulls dot />
          <Line dataKey="diastolic" name="Diastolic BP (mmHg)" stroke="#f97316" strokeWidth={2} isAnimationActive={false} connectNulls dot />
          <Line dataKey="heartRate" name="Heart rate (/min)" stroke="#0f6b70" strokeWidth={2} isAnimationActive={false} connectNulls dot />
          <Line dataKey="spo2" name="SpO₂ (%)" stroke="#1d4ed8" strokeWidth={2} isAnimationActive={false} connectNulls dot />
        </LineChart>
      </div>
      <figcaption>Blood pressure, heart rate and SpO₂ against minutes from the start of the infusion.</figcaption>
    </figure>
  );
}

function SignButton({ session }: { session: SessionRecord }) {
  const maySign = useCan('session.sign');
  const sign = useSignSession(session.id);
  if (!maySign || session.signedAt) return null;
  const error = sign.error;
  return (
    <div className="report__sign no-print">
      <button type="button" className="button button--primary" onClick={() => sign.mutate()} disabled={sign.isPending}>
        {sign.isPending ? 'Signing…' : 'Sign the record'}
      </button>
      {error ? (
        <div className="report__missing" role="alert">
          <p>{error.message}</p>
          {isApiError(error) && error.issues.length > 0 ? (
            <ul>
              {error.issues.map((issue) => (
                <li key={`${issue.path}-${issue.code}`}>{issue.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
