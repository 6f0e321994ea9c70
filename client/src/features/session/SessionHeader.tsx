import type { SessionSummary } from '../../../../shared/schemas/session.ts';
import { InfusionProgress } from '../../clinical/InfusionProgress.tsx';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { indicationText, mrnIsSelfLabelled } from '../../clinical/sessionText.ts';
import { ageInYears } from '../../ui/format.ts';

/** Who, where, what protocol, and where the session stands. */
export function SessionHeader({ session }: { session: SessionSummary }) {
  const age = ageInYears(session.patient.dateOfBirth, Date.now());
  return (
    <header className="session-header">
      <div className="session-header__identity">
        <div className="session-header__title-row">
          <h1 className="session-header__name">{session.patient.name}</h1>
          <PhaseBadge phase={session.phase} size="large" />
        </div>
        <p className="session-header__patient-meta">
          <span>
            {mrnIsSelfLabelled(session.patient.mrn) ? null : <abbr title="Medical record number">MRN </abbr>}
            {session.patient.mrn}
          </span>
          <span>
            Born {session.patient.dateOfBirth}
            {Number.isFinite(age) ? ` (${age} y)` : ''}
          </span>
          <span>{session.weightKg} kg</span>
        </p>
      </div>

      <dl className="session-header__facts">
        <div>
          <dt>Chair</dt>
          <dd>
            {session.chair.label}
            {session.chair.room ? <span className="session-header__secondary">{session.chair.room}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Indication</dt>
          <dd>{indicationText(session)}</dd>
        </div>
        <div>
          <dt>Protocol</dt>
          <dd>
            {session.totalDoseMg} mg over {session.plannedInfusionMinutes} min
            <span className="session-header__secondary">
              {session.doseMgPerKg} mg/kg · {session.rateMgPerHour} mg/h
            </span>
          </dd>
        </div>
        <div>
          <dt>Care team</dt>
          <dd>
            {session.nurse.name}
            <span className="session-header__secondary">{session.physician.name}</span>
          </dd>
        </div>
      </dl>

      <div className="session-header__progress">
        <InfusionProgress session={session} />
      </div>
    </header>
  );
}
