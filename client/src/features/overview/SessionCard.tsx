import { memo, useId, useMemo } from 'react';
import { Link } from 'wouter';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import type { WardSession } from '../../../../shared/schemas/session.ts';
import { VITAL_KINDS, type VitalKind } from '../../../../shared/vitals/catalogue.ts';
import { InfusionProgress } from '../../clinical/InfusionProgress.tsx';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { indicationText, mrnIsSelfLabelled } from '../../clinical/sessionText.ts';
import { PRIMARY_VITALS, SECONDARY_VITALS } from '../../clinical/vitalDisplay.ts';
import { CardAcknowledgedAlarms, CardAlarmBand, cardAlarmAttributes } from '../alarms/CardAlarms.tsx';
import { News2Tile } from '../alarms/news2/News2Tile.tsx';
import { loadSessionPage } from '../session/lazySessionPage.ts';
import { CardSideEffect } from './CardSideEffect.tsx';
import { PrimaryVital, SecondaryVital } from './CardVitals.tsx';
import { StaleNotice } from './StaleNotice.tsx';
import { isFlagged } from './wardLayout.ts';
import './SessionCard.css';

const preloadSessionPage = (): void => {
  void loadSessionPage();
};

/** At most this many small tiles, so the card keeps one height whatever was recorded. */
const MAX_SECONDARY = 5;

const TREND_OF: Partial<Record<VitalKind, keyof WardSession['trend']>> = {
  heartRate: 'heartRate',
  spo2: 'spo2',
  bloodPressure: 'systolic',
};

const NO_POINTS: ReadonlyArray<readonly [number, number]> = [];

/**
 * One chair. Memoised on the session object: the ward patch gives a new object only to the
 * session a change is about, so the other cards skip rendering. Ages, the infusion clock and the
 * staleness check tick inside their own small components. Every row is always there (empty when
 * there is nothing to say), so a card never changes height as readings come and go.
 */
export const SessionCard = memo(function SessionCard({ session }: { session: WardSession }) {
  const headingId = useId();
  const latestByKind = useMemo(() => new Map<VitalKind, Observation>(session.latest.map((reading) => [reading.kind, reading])), [session.latest]);
  const secondaryKinds = useMemo(
    () =>
      [
        ...SECONDARY_VITALS,
        ...VITAL_KINDS.filter((kind) => !PRIMARY_VITALS.includes(kind) && !SECONDARY_VITALS.includes(kind) && latestByKind.has(kind)),
      ].slice(0, MAX_SECONDARY),
    [latestByKind],
  );
  const span = useMemo(() => trendSpan(session.trend), [session.trend]);
  const flagged = isFlagged(session);

  return (
    <article
      className={`session-card${flagged ? ' session-card--flagged' : ''}`}
      aria-labelledby={headingId}
      data-session-id={session.id}
      data-chair={session.chair.label}
      {...cardAlarmAttributes(session.alarms)}
    >
      <header className="session-card__head">
        <h2 className="session-card__chair" id={headingId}>
          <Link href={`/sessions/${session.id}`} className="session-card__link" onPointerEnter={preloadSessionPage} onFocus={preloadSessionPage}>
            {session.chair.label}
          </Link>
        </h2>
        {session.chair.room ? <span className="session-card__room">{session.chair.room}</span> : null}
        <span className="session-card__status">
          <CardAcknowledgedAlarms alarms={session.alarms} />
          <StaleNotice session={session} />
          <PhaseBadge phase={session.phase} />
        </span>
      </header>

      <p className="session-card__patient">
        <span className="session-card__patient-name">{session.patient.name}</span>
        <span className="session-card__patient-meta">
          {mrnIsSelfLabelled(session.patient.mrn) ? null : <abbr title="Medical record number">MRN </abbr>}
          {session.patient.mrn}
          <span aria-hidden="true"> · </span>
          {indicationText(session)}
        </span>
      </p>

      <InfusionProgress session={session} layout="inline" />

      <dl className="session-card__vitals">
        {PRIMARY_VITALS.map((kind) => {
          const trendKey = TREND_OF[kind];
          return (
            <PrimaryVital
              key={kind}
              kind={kind}
              reading={latestByKind.get(kind)}
              trend={trendKey ? session.trend[trendKey] : NO_POINTS}
              span={span}
            />
          );
        })}
      </dl>
      <dl className="session-card__more">
        {secondaryKinds.map((kind) => (
          <SecondaryVital key={kind} kind={kind} reading={latestByKind.get(kind)} />
        ))}
        <News2Tile session={session} />
      </dl>

      <footer className="session-card__footer">
        <CardAlarmBand alarms={session.alarms} chair={session.chair.label}>
          <CardSideEffect sideEffect={session.latestSideEffect} />
        </CardAlarmBand>
      </footer>
    </article>
  );
});

/** The time the card's sparklines share, so HR, SpO₂ and BP line up under each other. */
function trendSpan(trend: WardSession['trend']): readonly [number, number] {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const points of [trend.heartRate, trend.spo2, trend.systolic]) {
    const first = points[0];
    const last = points[points.length - 1];
    if (first && first[0] < start) start = first[0];
    if (last && last[0] > end) end = last[0];
  }
  return Number.isFinite(start) ? [start, end] : [0, 1];
}
