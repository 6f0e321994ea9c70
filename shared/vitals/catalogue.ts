/**
 * The vitals catalogue: the one place that says what each kind of observation is, how it is coded
 * (LOINC for FHIR, IEEE 11073 MDC for monitor exports), its UCUM unit, the range outside which a
 * value is physiologically impossible (refused) and the normal range outside which it is flagged.
 *
 * Normal ranges follow the NEWS2 "0 points" bands where they exist and the 140/90 pre-infusion
 * gate for blood pressure (../clinical reference §3, §7.2). They drive the out-of-range flag only;
 * alarm thresholds are a separate, configurable rule set.
 */

export const VITAL_KINDS = [
  'heartRate',
  'spo2',
  'bloodPressure',
  'meanArterialPressure',
  'respiratoryRate',
  'temperature',
  'etco2',
  'pain',
] as const;
export type VitalKind = (typeof VITAL_KINDS)[number];

export type UcumUnit = '/min' | '%' | 'mm[Hg]' | 'Cel' | '{score}';

export interface Range {
  low: number;
  high: number;
}

export interface VitalComponent {
  /** Field name in the observation payload (`value`, or `systolic` / `diastolic`). */
  key: 'value' | 'systolic' | 'diastolic';
  label: string;
  shortLabel: string;
  loinc: string;
  mdc: readonly number[];
  physiological: Range;
  normal: Range;
  /** Decimal places worth showing; values are stored exactly as given. */
  precision: number;
}

export interface VitalDefinition {
  kind: VitalKind;
  label: string;
  shortLabel: string;
  unit: UcumUnit;
  /** How the unit reads on screen. */
  unitLabel: string;
  /** Panel code where the reading groups components (blood pressure). */
  panelLoinc?: string;
  components: readonly VitalComponent[];
}

export const VITALS: Readonly<Record<VitalKind, VitalDefinition>> = {
  heartRate: {
    kind: 'heartRate',
    label: 'Heart rate',
    shortLabel: 'HR',
    unit: '/min',
    unitLabel: 'bpm',
    components: [
      {
        key: 'value',
        label: 'Heart rate',
        shortLabel: 'HR',
        loinc: '8867-4',
        // ECG heart rate, pulse-oximeter pulse rate, NIBP cuff pulse rate.
        mdc: [147842, 149530, 149546],
        physiological: { low: 20, high: 300 },
        normal: { low: 51, high: 90 },
        precision: 0,
      },
    ],
  },
  spo2: {
    kind: 'spo2',
    label: 'Oxygen saturation',
    shortLabel: 'SpO₂',
    unit: '%',
    unitLabel: '%',
    components: [
      {
        key: 'value',
        label: 'SpO₂',
        shortLabel: 'SpO₂',
        loinc: '59408-5',
        mdc: [150456],
        physiological: { low: 30, high: 100 },
        normal: { low: 96, high: 100 },
        precision: 0,
      },
    ],
  },
  bloodPressure: {
    kind: 'bloodPressure',
    label: 'Blood pressure',
    shortLabel: 'BP',
    unit: 'mm[Hg]',
    unitLabel: 'mmHg',
    panelLoinc: '85354-9',
    components: [
      {
        key: 'systolic',
        label: 'Systolic BP',
        shortLabel: 'SBP',
        loinc: '8480-6',
        mdc: [150021, 150301],
        physiological: { low: 40, high: 300 },
        normal: { low: 91, high: 140 },
        precision: 0,
      },
      {
        key: 'diastolic',
        label: 'Diastolic BP',
        shortLabel: 'DBP',
        loinc: '8462-4',
        mdc: [150022, 150302],
        physiological: { low: 20, high: 200 },
        normal: { low: 50, high: 90 },
        precision: 0,
      },
    ],
  },
  meanArterialPressure: {
    kind: 'meanArterialPressure',
    label: 'Mean arterial pressure',
    shortLabel: 'MAP',
    unit: 'mm[Hg]',
    unitLabel: 'mmHg',
    components: [
      {
        key: 'value',
        label: 'Mean arterial pressure',
        shortLabel: 'MAP',
        loinc: '8478-0',
        mdc: [150023, 150303],
        physiological: { low: 25, high: 250 },
        normal: { low: 65, high: 110 },
        precision: 0,
      },
    ],
  },
  respiratoryRate: {
    kind: 'respiratoryRate',
    label: 'Respiratory rate',
    shortLabel: 'RR',
    unit: '/min',
    unitLabel: '/min',
    components: [
      {
        key: 'value',
        label: 'Respiratory rate',
        shortLabel: 'RR',
        loinc: '9279-1',
        mdc: [151562, 151594],
        // Zero is recordable: apnoea is exactly what must be charted.
        physiological: { low: 0, high: 80 },
        normal: { low: 12, high: 20 },
        precision: 0,
      },
    ],
  },
  temperature: {
    kind: 'temperature',
    label: 'Body temperature',
    shortLabel: 'Temp',
    unit: 'Cel',
    unitLabel: '°C',
    components: [
      {
        key: 'value',
        label: 'Temperature',
        shortLabel: 'Temp',
        loinc: '8310-5',
        mdc: [150344, 150364, 188424],
        physiological: { low: 25, high: 45 },
        normal: { low: 36.1, high: 38 },
        precision: 1,
      },
    ],
  },
  etco2: {
    kind: 'etco2',
    label: 'End-tidal CO₂',
    shortLabel: 'EtCO₂',
    unit: 'mm[Hg]',
    unitLabel: 'mmHg',
    components: [
      {
        key: 'value',
        label: 'End-tidal CO₂',
        shortLabel: 'EtCO₂',
        loinc: '19889-5',
        mdc: [151712],
        physiological: { low: 0, high: 150 },
        normal: { low: 35, high: 45 },
        precision: 0,
      },
    ],
  },
  pain: {
    kind: 'pain',
    label: 'Pain (0–10)',
    shortLabel: 'Pain',
    unit: '{score}',
    unitLabel: '/10',
    components: [
      {
        key: 'value',
        label: 'Pain score',
        shortLabel: 'Pain',
        loinc: '72514-3',
        mdc: [],
        physiological: { low: 0, high: 10 },
        normal: { low: 0, high: 3 },
        precision: 0,
      },
    ],
  },
};

export function vitalDefinition(kind: VitalKind): VitalDefinition {
  return VITALS[kind];
}

export function isVitalKind(value: unknown): value is VitalKind {
  return typeof value === 'string' && (VITAL_KINDS as readonly string[]).includes(value);
}

export function formatRange(range: Range, unitLabel: string): string {
  return `${range.low}–${range.high} ${unitLabel}`;
}
