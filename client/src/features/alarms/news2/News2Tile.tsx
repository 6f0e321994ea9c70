import { useMemo } from 'react';
import type { WardSession } from '../../../../../shared/schemas/session.ts';
import { news2FromLatest } from '../../../../../shared/scores/news2FromRecord.ts';
import { useSlowNow } from '../../../ui/clock.ts';
import { ASSUMED_ALERT_TEXT, NEWS2_BAND_LABELS, latestSedationScore, missingText } from './news2View.ts';

/**
 * NEWS2 on the chair card, as one of its small tiles: the aggregate and its band, or what is
 * missing. The ward snapshot carries only the newest side effect, so consciousness comes from it
 * when it is a MOAA/S or RASS score and is otherwise taken as Alert, marked "A?".
 */
export function News2Tile({ session }: { session: Pick<WardSession, 'latest' | 'latestSideEffect'> }) {
  const now = useSlowNow();
  const sedation = session.latestSideEffect ? latestSedationScore([session.latestSideEffect]) : null;
  const assessment = useMemo(() => news2FromLatest(session.latest, sedation, now), [session.latest, sedation, now]);
  const { score } = assessment;
  const title = score
    ? `NEWS2 ${score.total}, ${NEWS2_BAND_LABELS[score.band].toLowerCase()} risk: ${score.response}${assessment.consciousnessAssumed ? `. ${ASSUMED_ALERT_TEXT}` : ''}`
    : `NEWS2 not scored: missing or out-of-date ${missingText(assessment, 'long')}`;
  return (
    <div className={`card-mini card-news2${score ? ` card-news2--${score.band}` : ' card-news2--none'}`} data-news2={score ? score.total : 'none'} data-news2-band={score?.band} title={title}>
      <dt className="card-mini__label">
        <abbr title="National Early Warning Score 2">NEWS2</abbr>
      </dt>
      <dd className="card-mini__reading">
        {score ? (
          <>
            <span className="card-mini__number card-news2__total">{score.total}</span>
            <span className="card-news2__band">{NEWS2_BAND_LABELS[score.band]}</span>
            {assessment.consciousnessAssumed ? (
              <span className="card-news2__assumed" aria-hidden="true">
                A?
              </span>
            ) : null}
            <span className="sr-only">{title}</span>
          </>
        ) : (
          <>
            <span className="card-mini__number card-mini__number--none" aria-hidden="true">
              —
            </span>
            <span className="card-news2__missing">
              <span aria-hidden="true">no {missingText(assessment)}</span>
              <span className="sr-only">{title}</span>
            </span>
          </>
        )}
      </dd>
    </div>
  );
}
