import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { AXIS_TICK, AXIS_WIDTH, CHART_MARGIN, ChartFrame, X_PADDING, Y_PADDING, flaggedDot } from './chartParts.tsx';
import type { BloodPressurePoint } from './chartSeries.ts';
import { niceScale } from './chartScale.ts';
import { type TimeAxis, formatMinuteTick } from './TimeAxis.ts';

const bloodPressure = VITALS.bloodPressure;
const [systolicComponent, diastolicComponent] = bloodPressure.components;
const systolicDot = flaggedDot('systolicFlag', 3.5);
const diastolicDot = flaggedDot('diastolicFlag', 3.5);

interface BloodPressureChartProps {
  points: BloodPressurePoint[];
  timeAxis: TimeAxis;
}

/** Systolic (solid) and diastolic (dashed) from the cuff, one point per measurement. */
export const BloodPressureChart = memo(function BloodPressureChart({ points, timeAxis }: BloodPressureChartProps) {
  const scale = useMemo(
    () =>
      niceScale(
        points.flatMap((point) => [point.systolic, point.diastolic]),
        [diastolicComponent?.normal.low ?? 50, systolicComponent?.normal.high ?? 140],
        20,
      ),
    [points],
  );
  const last = points.at(-1);

  return (
    <ChartFrame
      chartId="blood-pressure"
      title={`${bloodPressure.label} (${bloodPressure.unitLabel})`}
      legend={[
        { label: systolicComponent?.label ?? 'Systolic', seriesClass: 'series-3', dashed: false },
        { label: diastolicComponent?.label ?? 'Diastolic', seriesClass: 'series-2', dashed: true },
      ]}
      pointCount={points.length}
      summary={
        last
          ? `${bloodPressure.label}: ${points.length} readings, latest ${last.systolic}/${last.diastolic} ${bloodPressure.unitLabel}.`
          : `${bloodPressure.label}: no readings.`
      }
    >
      <LineChart responsive style={{ width: '100%', height: '100%' }} margin={CHART_MARGIN} accessibilityLayer={false}>
        <CartesianGrid vertical={false} />
        <XAxis
          type="number"
          dataKey="minute"
          domain={timeAxis.domain}
          ticks={timeAxis.ticks}
          tickFormatter={formatMinuteTick}
          padding={X_PADDING}
          tick={AXIS_TICK}
        />
        <YAxis domain={scale.domain} ticks={scale.ticks} width={AXIS_WIDTH} padding={Y_PADDING} tick={AXIS_TICK} />
        {timeAxis.markers.map((marker) => (
          <ReferenceLine
            key={marker.label}
            x={marker.minute}
            className="chart-marker"
            label={{ value: marker.label, position: marker.labelSide === 'right' ? 'insideTopLeft' : 'insideTopRight', className: 'chart-marker__label' }}
          />
        ))}
        <Line
          className="series-3"
          data={points}
          dataKey="systolic"
          name={systolicComponent?.label}
          stroke="currentColor"
          strokeWidth={2.25}
          dot={systolicDot}
          activeDot={false}
          isAnimationActive={false}
        />
        <Line
          className="series-2"
          data={points}
          dataKey="diastolic"
          name={diastolicComponent?.label}
          stroke="currentColor"
          strokeWidth={2.25}
          strokeDasharray="7 4"
          dot={diastolicDot}
          activeDot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
});
