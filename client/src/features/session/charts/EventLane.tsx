import { type ReactElement, memo, useState } from 'react';
import { ComposedChart, Line, ReferenceArea, ReferenceDot, ReferenceLine, XAxis, YAxis } from 'recharts';
import { INFUSION_EVENT_LABELS, type InfusionEventKind, PHASE_LABELS } from '../../../../../shared/session/phase.ts';
import { SEVERITY_LABELS, SEVERITY_RANK, SIDE_EFFECTS, type Severity } from '../../../../../shared/sideEffects/catalogue.ts';
import { SCALES } from '../../../../../shared/sideEffects/scales.ts';
import { formatClockTime } from '../../../ui/format.ts';
import { ChartFrame, GeometryProbe, type TooltipLine } from './ChartFrame.tsx';
import { GeometryStore, type HoverStore } from './hoverStore.ts';
import type { EventMark, PhaseBand, TimeView } from './timeAxis.ts';
import { AXIS_WIDTH, CHART_MARGIN, X_PADDING } from './VitalChart.tsx';

const LANE_HEIGHT = 62;
const INFUSION_ROW = 0.68;
const SIDE_EFFECT_ROW = 0.26;

interface EventLaneProps {
  time: TimeView;
  /** Where a running infusion is planned to end (minutes), marked so elapsed reads against plan. */
  plannedEnd: number | null;
  phases: readonly PhaseBand[];
  marks: readonly EventMark[];
  hover: HoverStore;
  onZoom: (from: number, to: number) => void;
}

/**
 * The session's story above its charts, on the same time axis: phases as labelled bands (word and
 * colour; paused is hatched), infusion events as symbols (▶ start, ❚❚ pause, ■ stop…), side
 * effects as markers whose filled pips give the severity. Hovering shows what each one was.
 */
export const EventLane = memo(function EventLane({ time, plannedEnd, phases, marks, hover, onZoom }: EventLaneProps) {
  const [geometry] = useState(() => new GeometryStore());
  const tolerance = (time.domain[1] - time.domain[0]) * 0.015;
  const tooltipAt = (minute: number): TooltipLine[] =>
    marks
      .filter((mark) => Math.abs(mark.minute - minute) <= tolerance)
      .map((mark) => ({ label: formatClockTime(mark.at), value: describeMark(mark), flagged: mark.type === 'sideEffect' && SEVERITY_RANK[mark.severity] >= 2 }));
  const phaseEnd = time.domain[1];
  const sideEffects = marks.filter((mark) => mark.type === 'sideEffect').length;

  return (
    <ChartFrame
      chartId="events"
      title="Phases and events"
      legend={[]}
      readings={Math.max(phases.length + marks.length, 1)}
      drawn={marks.length}
      fullResolution
      height={LANE_HEIGHT}
      summary={`${phases.length} phases, ${marks.length - sideEffects} infusion events and ${sideEffects} side effects; listed in the timeline and side-effect table below.`}
      time={time}
      hover={hover}
      geometry={geometry}
      tooltipAt={tooltipAt}
      onZoom={onZoom}
    >
      <ComposedChart responsive style={{ width: '100%', height: '100%' }} margin={{ ...CHART_MARGIN, top: 0 }} accessibilityLayer={false} data={axisData(time)}>
        <XAxis type="number" dataKey="minute" domain={time.domain as [number, number]} allowDataOverflow padding={X_PADDING} hide />
        <YAxis domain={[0, 1]} width={AXIS_WIDTH} tick={false} axisLine={false} tickLine={false} />
        {/* Recharts lays out axes (and so reference marks) only around a graphical item. */}
        <Line dataKey="y" stroke="none" dot={false} activeDot={false} isAnimationActive={false} legendType="none" />
        {phases
          .filter((phase) => (phase.to ?? Number.POSITIVE_INFINITY) > time.domain[0] && phase.from < time.domain[1])
          .map((phase) => (
          <ReferenceArea
            key={`${phase.phase}-${phase.from}`}
            x1={Math.max(phase.from, time.domain[0])}
            x2={Math.min(phase.to ?? phaseEnd, time.domain[1])}
            y1={0}
            y2={1}
            ifOverflow="hidden"
            className={`phase-band phase-band--lane phase-band--${phase.phase}`}
            fill="currentColor"
            stroke="none"
            label={{ value: PHASE_LABELS[phase.phase], position: 'insideTopLeft', className: 'phase-band__label', offset: 4 }}
          />
        ))}
        {plannedEnd !== null ? (
          <ReferenceLine
            x={plannedEnd}
            ifOverflow="hidden"
            className="lane-planned-end"
            label={{ value: 'Planned end', position: 'insideTopRight', className: 'lane-planned-end__label', offset: 4 }}
          />
        ) : null}
        {marks.map((mark) => (
          <ReferenceDot
            key={mark.id}
            x={mark.minute}
            y={mark.type === 'infusion' ? INFUSION_ROW : SIDE_EFFECT_ROW}
            ifOverflow="hidden"
            r={7}
            shape={(shape: { cx?: number; cy?: number }) => markShape(mark, shape.cx ?? 0, shape.cy ?? 0)}
          />
        ))}
        <GeometryProbe geometry={geometry} />
      </ComposedChart>
    </ChartFrame>
  );
});

/** Two points spanning the axis: Recharts draws reference elements only on a chart with data. */
const axisCache = new WeakMap<TimeView, Array<{ minute: number; y: number }>>();
function axisData(time: TimeView): Array<{ minute: number; y: number }> {
  let data = axisCache.get(time);
  if (!data) {
    data = [
      { minute: time.domain[0], y: 0.5 },
      { minute: time.domain[1], y: 0.5 },
    ];
    axisCache.set(time, data);
  }
  return data;
}

function describeMark(mark: EventMark): string {
  if (mark.type === 'infusion') {
    return `${INFUSION_EVENT_LABELS[mark.kind]}${mark.detail ? ` (${mark.detail})` : ''} · ${mark.by}`;
  }
  const note = mark.sideEffect;
  const scale = note.scale !== null && note.score !== null ? `, ${SCALES[note.scale].name} ${note.score}` : '';
  return `${SIDE_EFFECTS[note.kind].label}: ${SEVERITY_LABELS[note.severity]}${scale} · ${mark.by}`;
}

const INFUSION_PATHS: Readonly<Record<InfusionEventKind, (x: number, y: number) => string>> = {
  started: (x, y) => `M${x - 5} ${y - 7}L${x + 7} ${y}L${x - 5} ${y + 7}Z`,
  resumed: (x, y) => `M${x - 5} ${y - 7}L${x + 7} ${y}L${x - 5} ${y + 7}Z`,
  paused: (x, y) => `M${x - 6} ${y - 7}h4v14h-4ZM${x + 2} ${y - 7}h4v14h-4Z`,
  stopped: (x, y) => `M${x - 6} ${y - 6}h12v12h-12Z`,
  rateChanged: (x, y) => `M${x} ${y - 8}L${x + 5} ${y - 2}H${x - 5}ZM${x} ${y + 8}L${x + 5} ${y + 2}H${x - 5}Z`,
  medicationGiven: (x, y) => `M${x - 8} ${y}a4 4 0 0 1 4-4h8a4 4 0 0 1 0 8h-8a4 4 0 0 1-4-4Z`,
};

function markShape(mark: EventMark, x: number, y: number): ReactElement<SVGElement> {
  if (mark.type === 'infusion') {
    return (<path className={`lane-mark lane-mark--infusion lane-mark--${mark.kind}`} d={INFUSION_PATHS[mark.kind](x, y)} />) as ReactElement<SVGElement>;
  }
  return <SeverityMark severity={mark.severity} x={x} y={y} /> as ReactElement<SVGElement>;
}

/** A small tile with one to three filled pips, like the severity badges elsewhere. */
function SeverityMark({ severity, x, y }: { severity: Severity; x: number; y: number }) {
  const rank = SEVERITY_RANK[severity];
  return (
    <g className={`lane-mark lane-mark--side-effect severity--${severity}`}>
      <rect className="lane-mark__tile" x={x - 9} y={y - 8} width={18} height={16} rx={3} />
      {[0, 1, 2].map((pip) => (
        <rect key={pip} className={pip < rank ? 'lane-mark__pip lane-mark__pip--on' : 'lane-mark__pip'} x={x - 6 + pip * 4.5} y={y - 5} width={3} height={10} rx={0.8} />
      ))}
    </g>
  );
}
