import { memo, useId, useMemo } from 'react';
import { Link } from 'wouter';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import type { WardSession } from '../../../../shared/schemas/session.ts';
import { VITAL_KINDS, type VitalKind } from '../../../../shared/vitals/catalogue.ts';
import { InfusionProgress } from '../../clinical/InfusionProgress.tsx';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { SideEffectLine } from '../../clinical/SideEffectLine.tsx';
import { VitalTile } from '../../clinical/VitalTile.tsx';
import { indicationText, mrnIsSelfLabelled } from '../../clinical/sessionText.ts';
import { PRIMARY_VITALS, SECONDARY_VITALS } from '../../clinical/vitalDisplay.ts';
import { loadSessionPage } from '../session/lazySessionPage.ts';
import './SessionCard.css';

const preloadSessionPage = (): void => {
  void loadSessionPage();
};

/**
 * One chair. Memoised on the session object: the ward patch gives a new object only to the
 * session a change is about, so the other cards skip rendering. Ages and the infusion clock tick
 * inside their own small components.
 */
export const SessionCard = memo(function SessionCard({ session }: { session: WardSession }) {
  const headingId = useId();
  const latestByKind = useMemo(() => new Map<VitalKind, Observation>(session.latest.map((reading) => [reading.kind, reading])), [session.latest]);
  const secondaryKinds = useMemo(
    () => [...SECONDARY_VITALS, ...VITAL_KINDS.filter((kind) => !PRIMARY_VITALS.includes(kind) && !SECONDARY_VITALS.includes(kind) && latestByKind.has(kind))],
    [latestByKind],
  );
  const flagged = session.latest.some((reading) => reading.abnormal);

  return (
    <article
      className={`session-card${flagged ? ' session-card--flagged' : ''}`}
      aria-labelledby={headingId}
      data-session-id={session.id}
      data-chair={session.chair.label}
    >
      <header className="session-card__head">
        <div className="session-card__where">
          <h2 className="session-card__chair" id={headingId}>
            <Link href={`/sessions/${session.id}`} className="session-card__link" onPointerEnter={preloadSessionPage} onFocus={preloadSessionPage}>
              {session.chair.label}
            </Link>
          </h2>
          {session.chair.room ? <span className="session-card__room">{session.chair.room}</span> : null}
        </div>
        <PhaseBadge phase={session.phase} />
      </header>

      <div className="session-card__patient">
        <p className="session-card__patient-name">{session.patient.name}</p>
        <p className="session-card__patient-meta">
          <span>
            {mrnIsSelfLabelled(session.patient.mrn) ? null : <abbr title="Medical record number">MRN </abbr>}
            {session.patient.mrn}
          </span>
          <span aria-hidden="true">·</span>
          <span>{indicationText(session)}</span>
        </p>
      </div>

      <InfusionProgress session={session} />

      <dl className="session-card__vitals session-card__vitals--primary">
        {PRIMARY_VITALS.map((kind) => (
          <VitalTile key={kind} kind={kind} reading={latestByKind.get(kind)} emphasis="primary" />
        ))}
      </dl>
      <dl className="session-card__vitals session-card__vitals--secondary">
        {secondaryKinds.map((kind) => (
          <VitalTile key={kind} kind={kind} reading={latestByKind.get(kind)} emphasis="secondary" />
        ))}
      </dl>

      <footer className="session-card__footer">
        <SideEffectLine sideEffect={session.latestSideEffect} />
      </footer>
    </article>
  );
});
