import { useId, useMemo } from 'react';
import type { SessionRecord } from '../../../../../shared/schemas/session.ts';
import { news2FromLatest } from '../../../../../shared/scores/news2FromRecord.ts';
import { useSlowNow } from '../../../ui/clock.ts';
import { ASSUMED_ALERT_TEXT, NEWS2_BAND_LABELS, NEWS2_PARAMETERS, latestSedationScore, missingText } from './news2View.ts';

/**
 * NEWS2 for the session (RCP 2017, scale 1): the aggregate, its band and the response the RCP
 * asks for, each parameter's points, and honestly what it rests on — inputs missing or too old
 * withhold the score; consciousness without a recent MOAA/S or RASS is taken as Alert and said so.
 * A secondary trend, not the in-chair alarm.
 */
export function News2Panel({ record }: { record: Pick<SessionRecord, 'latest' | 'sideEffects'> }) {
  const headingId = useId();
  const now = useSlowNow();
  const sedation = useMemo(() => latestSedationScore(record.sideEffects), [record.sideEffects]);
  const assessment = useMemo(() => news2FromLatest(record.latest, sedation, now), [record.latest, sedation, now]);
  const { score } = assessment;
  return (
    <section className={`news2-panel${score ? ` news2-panel--${score.band}` : ''}`} aria-labelledby={headingId} data-news2-panel data-news2={score ? score.total : 'none'}>
      <h2 className="news2-panel__title" id={headingId}>
        <abbr title="National Early Warning Score 2">NEWS2</abbr>
      </h2>
      {score ? (
        <>
          <p className="news2-panel__score">
            <span className="news2-panel__total">{score.total}</span>
            <span className="news2-panel__band">{NEWS2_BAND_LABELS[score.band]} risk</span>
          </p>
          <p className="news2-panel__response">{score.response}</p>
          <dl className="news2-panel__parts">
            {NEWS2_PARAMETERS.map((parameter) => (
              <div key={parameter.id} className={`news2-part${score.parts[parameter.id] >= 3 ? ' news2-part--three' : score.parts[parameter.id] > 0 ? ' news2-part--some' : ''}`}>
                <dt>{parameter.label}</dt>
                <dd>
                  {score.parts[parameter.id]}
                  {parameter.id === 'consciousness' && assessment.consciousnessAssumed ? <span className="news2-part__note"> (assumed A)</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <>
          <p className="news2-panel__score">
            <span className="news2-panel__total news2-panel__total--none" aria-hidden="true">
              —
            </span>
            <span className="news2-panel__band">Not scored</span>
          </p>
          <p className="news2-panel__response">
            Missing or out of date: <strong>{missingText(assessment, 'long')}</strong>. Vitals count for 30 min, temperature for 6 h.
          </p>
        </>
      )}
      {assessment.consciousnessAssumed ? <p className="news2-panel__note">{ASSUMED_ALERT_TEXT}.</p> : null}
    </section>
  );
}
