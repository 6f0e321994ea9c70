import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link } from 'wouter';
import type { SeriesEntry } from '../../../../shared/schemas/history.ts';
import { SEVERITY_LABELS, SIDE_EFFECTS, type SideEffectKind } from '../../../../shared/sideEffects/catalogue.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { formatMinutes } from '../../ui/format.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan } from '../auth/signedInUser.ts';
import { useSessionRecord } from '../session/sessionQuery.ts';
import { usePatientSeries } from './historyQueries.ts';
import { formatDate, formatNumber } from './historyText.ts';
import { StatusBadge } from './StatusBadge.tsx';
import './history.css';

/** A patient's sessions side by side, oldest first, with the peaks trended across sessions. */
export function PatientSeriesPage({ patientId }: { patientId: string }) {
  const mayRead = useCan('history.read');
  const mayExport = useCan('record.export');
  const series = usePatientSeries(patientId, mayRead);
  const entries = [...(series.data ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const first = entries[0]?.sessionId ?? '';
  const record = useSessionRecord(first, mayRead && first !== '');
  const patient = record.data?.patient;

  if (!mayRead) {
    return (
      <div className="page">
        <h1 className="sr-only">Patient series</h1>
        <NoAccess what="the session history" />
      </div>
    );
  }

  return (
    <div className="page history-page">
      <nav className="history-crumbs" aria-label="Breadcrumb">
        <Link href="/history">
          <span aria-hidden="true">←</span> Session history
        </Link>
      </nav>
      <h1 className="history-page__title">{patient ? `${patient.name} — sessions` : 'Patient sessions'}</h1>
      {patient ? (
        <p className="history-page__lede">
          MRN {patient.mrn} · born {patient.dateOfBirth}
        </p>
      ) : null}
      {mayExport ? (
        <p>
          <a className="button" href={`/api/patients/${encodeURIComponent(patientId)}/export.csv`} download>
            Export all sessions as CSV
          </a>
        </p>
      ) : null}
      {series.isPending ? (
        <StatusMessage tone="loading" title="Loading the sessions…" />
      ) : series.isError ? (
        <StatusMessage tone="error" title="The sessions could not be loaded">
          <p>{series.error.message}</p>
        </StatusMessage>
      ) : entries.length === 0 ? (
        <StatusMessage tone="empty" title="No sessions for this patient yet" />
      ) : (
        <>
          <SeriesTable entries={entries} />
          <section className="series-charts" aria-label="Trends across sessions">
            <SeriesChart title="Peak systolic BP (mmHg)" entries={entries} field="peakSystolic" colour="#b91c1c" />
            <SeriesChart title="Peak heart rate (/min)" entries={entries} field="peakHeartRate" colour="#0f6b70" />
            <SeriesChart title="Lowest SpO₂ (%)" entries={entries} field="lowestSpo2" colour="#1d4ed8" />
          </section>
        </>
      )}
    </div>
  );
}

function worst(entry: SeriesEntry): string {
  const items = Object.entries(entry.worstSideEffects) as Array<[SideEffectKind, keyof typeof SEVERITY_LABELS]>;
  return items.length ? items.map(([kind, severity]) => `${SIDE_EFFECTS[kind].label}: ${SEVERITY_LABELS[severity]}`).join(', ') : '—';
}

function SeriesTable({ entries }: { entries: SeriesEntry[] }) {
  return (
    <div className="history-table-wrap">
      <table className="history-table" data-series={entries.length}>
        <caption className="sr-only">Sessions side by side</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Dose</th>
            <th scope="col">Duration</th>
            <th scope="col">Peak SBP</th>
            <th scope="col">Peak HR</th>
            <th scope="col">Lowest SpO₂</th>
            <th scope="col">Worst side effects</th>
            <th scope="col">Alarms (high/med/low)</th>
            <th scope="col">Interventions</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.sessionId}>
              <td>
                <Link href={`/sessions/${entry.sessionId}`}>{formatDate(entry.date)}</Link>
              </td>
              <td>
                {entry.doseMgPerKg} mg/kg ({entry.totalDoseMg} mg)
              </td>
              <td>{entry.infusionMinutes === null ? '—' : formatMinutes(entry.infusionMinutes)}</td>
              <td>{formatNumber(entry.peakSystolic, ' mmHg')}</td>
              <td>{formatNumber(entry.peakHeartRate, '/min')}</td>
              <td>{formatNumber(entry.lowestSpo2, ' %')}</td>
              <td>{worst(entry)}</td>
              <td>
                {entry.alarms.high} / {entry.alarms.medium} / {entry.alarms.low}
              </td>
              <td>{entry.interventions.length ? entry.interventions.join('; ') : '—'}</td>
              <td>
                <StatusBadge status={entry.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SeriesChart({ title, entries, field, colour }: { title: string; entries: SeriesEntry[]; field: 'peakSystolic' | 'peakHeartRate' | 'lowestSpo2'; colour: string }) {
  const data = entries.map((entry) => ({ date: formatDate(entry.date), value: entry[field] }));
  return (
    <figure className="series-chart">
      <figcaption>{title}</figcaption>
      <div className="series-chart__plot" role="img" aria-label={`${title}: ${data.map((d) => `${d.date} ${d.value ?? 'no reading'}`).join(', ')}`}>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" tick={{ fontSize: 11 }} />
            <YAxis width={36} tick={{ fontSize: 11 }} domain={['auto', 'auto']} />
            <Tooltip />
            <Line type="monotone" dataKey="value" stroke={colour} strokeWidth={2} dot isAnimationActive={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
