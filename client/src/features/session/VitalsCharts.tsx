import { useMemo } from 'react';
import type { SessionRecord } from '../../../../shared/schemas/session.ts';
import { minutesBetween } from '../../../../shared/time.ts';
import { chartTimeZero, infusionStopTime } from '../../clinical/infusionClock.ts';
import { BloodPressureChart } from './BloodPressureChart.tsx';
import { HeartOxygenChart } from './HeartOxygenChart.tsx';
import { RespiratoryRateChart } from './RespiratoryRateChart.tsx';
import type { TimeAxis } from './TimeAxis.ts';
import { allMinutes, buildVitalSeries, thinForDrawing } from './chartSeries.ts';
import { minutesScale } from './chartScale.ts';
import './VitalsCharts.css';

/** About one point per two pixels of a wide chart; more only costs SVG nodes. */
const MAX_DRAWN_POINTS = 400;

type ChartedSession = Pick<
  SessionRecord,
  'observations' | 'transitions' | 'infusionStartedAt' | 'createdAt' | 'phase' | 'plannedInfusionMinutes'
>;

/**
 * The session's trends on one time axis. Series are rebuilt only when the observation list
 * changes (a new reading for this session), and each chart is memoised on its own series.
 */
export function VitalsCharts({ session }: { session: ChartedSession }) {
  const { observations, transitions, infusionStartedAt, createdAt, phase, plannedInfusionMinutes } = session;
  const zero = useMemo(() => chartTimeZero({ transitions, infusionStartedAt, createdAt }), [transitions, infusionStartedAt, createdAt]);
  const series = useMemo(() => buildVitalSeries(observations, zero.at), [observations, zero.at]);
  const heartRateDrawn = useMemo(() => thinForDrawing(series.heartRate, MAX_DRAWN_POINTS), [series.heartRate]);
  const spo2Drawn = useMemo(() => thinForDrawing(series.spo2, MAX_DRAWN_POINTS), [series.spo2]);
  const timeAxis = useMemo((): TimeAxis => {
    const markers: TimeAxis['markers'] = [];
    const include: number[] = [0];
    if (zero.reference === 'infusion') {
      markers.push({ minute: 0, label: 'Start', labelSide: 'right' });
      const stoppedAt = infusionStopTime({ transitions });
      if (stoppedAt) markers.push({ minute: minutesBetween(zero.at, stoppedAt), label: 'Stop', labelSide: 'right' });
      else if (phase === 'infusing' || phase === 'paused') {
        // Show the whole planned infusion from the start, so the axis does not creep.
        markers.push({ minute: plannedInfusionMinutes, label: 'Planned end', labelSide: 'left' });
        include.push(plannedInfusionMinutes);
      }
    }
    const scale = minutesScale(allMinutes(series), include);
    return {
      ...scale,
      markers,
      label: zero.reference === 'infusion' ? 'Minutes since infusion start' : 'Minutes since check-in',
    };
  }, [series, zero, transitions, phase, plannedInfusionMinutes]);

  return (
    <section className="vitals-charts" aria-labelledby="vitals-charts-title">
      <div className="vitals-charts__head">
        <h2 id="vitals-charts-title" className="section-title">
          Trends
        </h2>
        <p className="vitals-charts__hint">
          {timeAxis.label}.{' '}
          <span className="vitals-charts__flag-key">
            <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
              <path className="chart-flag" d="M6 1 L11.5 10 H0.5 Z" />
            </svg>
            <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
              <path className="chart-flag" d="M6 11 L11.5 2 H0.5 Z" />
            </svg>
            above / below normal range
          </span>
        </p>
      </div>
      <div className="vitals-charts__grid">
        <HeartOxygenChart
          heartRatePoints={heartRateDrawn}
          spo2Points={spo2Drawn}
          readingCount={series.heartRate.length + series.spo2.length}
          timeAxis={timeAxis}
        />
        <BloodPressureChart points={series.bloodPressure} timeAxis={timeAxis} />
        <RespiratoryRateChart points={series.respiratoryRate} timeAxis={timeAxis} />
      </div>
    </section>
  );
}
