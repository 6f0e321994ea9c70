import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { AXIS_TICK, AXIS_WIDTH, CHART_MARGIN, ChartFrame, X_PADDING, Y_PADDING, flaggedDot } from './chartParts.tsx';
import type { ChartPoint } from './chartSeries.ts';
import { niceScale } from './chartScale.ts';
import { type TimeAxis, formatMinuteTick } from './TimeAxis.ts';
import { latestSummary } from './chartSummary.ts';

const heartRate = VITALS.heartRate;
const spo2 = VITALS.spo2;
const streamDot = flaggedDot('flag', 0);

interface HeartOxygenChartProps {
  heartRatePoints: ChartPoint[];
  spo2Points: ChartPoint[];
  /** Readings received, before thinning; exposed for tests as `data-points`. */
  readingCount: number;
  timeAxis: TimeAxis;
}

/** Heart rate (left axis, solid) and SpO₂ (right axis, dashed) from the monitor stream. */
export const HeartOxygenChart = memo(function HeartOxygenChart({ heartRatePoints, spo2Points, readingCount, timeAxis }: HeartOxygenChartProps) {
  const heartScale = useMemo(() => {
    const normal = heartRate.components[0]?.normal;
    return niceScale(
      heartRatePoints.map((point) => point.value),
      normal ? [normal.low, normal.high] : [],
      10,
    );
  }, [heartRatePoints]);
  const spo2Scale = useMemo(() => {
    const normal = spo2.components[0]?.normal;
    return niceScale(
      spo2Points.map((point) => point.value),
      normal ? [normal.low - 2, normal.high] : [],
      2,
    );
  }, [spo2Points]);

  return (
    <ChartFrame
      chartId="heart-oxygen"
      title={`${heartRate.shortLabel} and ${spo2.shortLabel}`}
      legend={[
        { label: `${heartRate.shortLabel} (${heartRate.unitLabel})`, seriesClass: 'series-1', dashed: false },
        { label: `${spo2.shortLabel} (${spo2.unitLabel})`, seriesClass: 'series-2', dashed: true },
      ]}
      pointCount={readingCount}
      summary={`${latestSummary(heartRate.label, heartRate.unitLabel, heartRatePoints)} ${latestSummary(spo2.label, spo2.unitLabel, spo2Points)}`}
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
        <YAxis yAxisId="left" domain={heartScale.domain} ticks={heartScale.ticks} width={AXIS_WIDTH} padding={Y_PADDING} tick={AXIS_TICK} />
        <YAxis
          yAxisId="right"
          orientation="right"
          domain={spo2Scale.domain}
          ticks={spo2Scale.ticks}
          width={AXIS_WIDTH}
          tick={AXIS_TICK}
        />
        {timeAxis.markers.map((marker) => (
          <ReferenceLine
            key={marker.label}
            x={marker.minute}
            yAxisId="left"
            className="chart-marker"
            label={{ value: marker.label, position: marker.labelSide === 'right' ? 'insideTopLeft' : 'insideTopRight', className: 'chart-marker__label' }}
          />
        ))}
        <Line
          className="series-1"
          data={heartRatePoints}
          dataKey="value"
          name={heartRate.label}
          yAxisId="left"
          stroke="currentColor"
          strokeWidth={2.25}
          dot={streamDot}
          activeDot={false}
          isAnimationActive={false}
        />
        <Line
          className="series-2"
          data={spo2Points}
          dataKey="value"
          name={spo2.label}
          yAxisId="right"
          stroke="currentColor"
          strokeWidth={2.25}
          strokeDasharray="7 4"
          dot={streamDot}
          activeDot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
});
