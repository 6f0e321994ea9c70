import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { AXIS_TICK, AXIS_WIDTH, CHART_MARGIN, ChartFrame, X_PADDING, Y_PADDING, flaggedDot } from './chartParts.tsx';
import type { ChartPoint } from './chartSeries.ts';
import { niceScale } from './chartScale.ts';
import { latestSummary } from './chartSummary.ts';
import { type TimeAxis, formatMinuteTick } from './TimeAxis.ts';

const respiratoryRate = VITALS.respiratoryRate;
const nurseDot = flaggedDot('flag', 3.5);

interface RespiratoryRateChartProps {
  points: ChartPoint[];
  timeAxis: TimeAxis;
}

/** Respiratory rate as the nurse counts it, one point per count. */
export const RespiratoryRateChart = memo(function RespiratoryRateChart({ points, timeAxis }: RespiratoryRateChartProps) {
  const scale = useMemo(() => {
    const normal = respiratoryRate.components[0]?.normal;
    return niceScale(
      points.map((point) => point.value),
      normal ? [normal.low - 4, normal.high + 4] : [],
      4,
    );
  }, [points]);

  return (
    <ChartFrame
      chartId="respiratory-rate"
      title={`${respiratoryRate.label} (${respiratoryRate.unitLabel})`}
      legend={[{ label: respiratoryRate.shortLabel, seriesClass: 'series-1', dashed: false }]}
      pointCount={points.length}
      summary={latestSummary(respiratoryRate.label, respiratoryRate.unitLabel, points)}
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
          className="series-1"
          data={points}
          dataKey="value"
          name={respiratoryRate.label}
          stroke="currentColor"
          strokeWidth={2.25}
          dot={nurseDot}
          activeDot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
});
