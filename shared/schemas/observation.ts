import { z } from 'zod';
import { VITAL_KINDS, VITALS, type VitalKind, formatRange } from '../vitals/catalogue.ts';
import type { Interpretations } from '../vitals/interpretation.ts';
import { isPhysiological } from '../vitals/interpretation.ts';
import { acceptedUnits, unitConverter } from '../vitals/units.ts';
import { OBSERVATION_SOURCES, type ObservationSource, type RecordStatus } from '../records.ts';
import { idSchema, reasonSchema, zonedDateTimeSchema } from './common.ts';

export { OBSERVATION_SOURCES, RECORD_STATUSES, isCurrentRecord } from '../records.ts';
export type { ObservationSource, RecordStatus } from '../records.ts';

const finiteNumber = z.number().finite();

const common = {
  id: idSchema,
  sessionId: idSchema,
  observedAt: zonedDateTimeSchema,
  unit: z.string().max(32).optional(),
  source: z.enum(OBSERVATION_SOURCES).default('manual'),
  deviceId: z.string().trim().min(1).max(128).optional(),
};

const scalarKinds = VITAL_KINDS.filter((k) => k !== 'bloodPressure') as Exclude<
  VitalKind,
  'bloodPressure'
>[];

const scalarObservation = z.object({
  ...common,
  kind: z.enum(scalarKinds as [Exclude<VitalKind, 'bloodPressure'>, ...Exclude<VitalKind, 'bloodPressure'>[]]),
  value: finiteNumber,
  /** Whether the patient was on supplemental oxygen (SpO2 only; NEWS2 needs it). */
  onOxygen: z.boolean().optional(),
});

const bloodPressureObservation = z.object({
  ...common,
  kind: z.literal('bloodPressure'),
  systolic: finiteNumber,
  diastolic: finiteNumber,
});

/**
 * One observation as a source sends it. Ranges and units are checked against the catalogue here,
 * so the same message reaches the nurse's form and the API caller.
 */
export const observationInputSchema = z
  .discriminatedUnion('kind', [scalarObservation, bloodPressureObservation], {
    message: `kind must be one of ${VITAL_KINDS.join(', ')}`,
  })
  .superRefine((input, ctx) => {
    const definition = VITALS[input.kind];
    const convert = unitConverter(input.kind, input.unit);
    if (!convert) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        params: { code: 'unsupported_unit' },
        message: `unit ${input.unit} is not accepted for ${definition.label}; use ${acceptedUnits(input.kind).join(' or ')}`,
      });
      return;
    }
    for (const component of definition.components) {
      const raw = input.kind === 'bloodPressure' ? input[component.key as 'systolic' | 'diastolic'] : input.value;
      const value = convert(raw);
      if (!isPhysiological(value, component.physiological)) {
        ctx.addIssue({
          code: 'custom',
          path: [component.key],
          params: { code: 'out_of_physiological_range' },
          message: `${component.label} ${raw} ${input.unit ?? definition.unitLabel} is outside the physiological range ${formatRange(component.physiological, definition.unitLabel)}`,
        });
      }
    }
    if (input.kind === 'bloodPressure' && input.diastolic >= input.systolic) {
      ctx.addIssue({
        code: 'custom',
        path: ['diastolic'],
        params: { code: 'diastolic_not_below_systolic' },
        message: 'diastolic must be lower than systolic',
      });
    }
    if (input.kind === 'pain' && !Number.isInteger(input.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        params: { code: 'not_an_integer' },
        message: 'pain is a whole number from 0 to 10',
      });
    }
    if ('onOxygen' in input && input.onOxygen !== undefined && input.kind !== 'spo2') {
      ctx.addIssue({
        code: 'custom',
        path: ['onOxygen'],
        params: { code: 'not_applicable' },
        message: 'onOxygen applies to SpO₂ only',
      });
    }
  });
export type ObservationInput = z.input<typeof observationInputSchema>;
export type ParsedObservationInput = z.output<typeof observationInputSchema>;

export const MAX_BATCH = 1000;

/**
 * The envelope of a batch. Items are checked one by one against the catalogue so a refusal can
 * name the item (`observations.3.systolic`).
 */
export const observationBatchSchema = z.object({
  observations: z.array(z.unknown()).min(1, 'send at least one observation').max(MAX_BATCH),
});

/** A correction: a new version (new id) that replaces the observation named in the URL. */
export const observationAmendmentSchema = z.object({
  id: idSchema,
  reason: reasonSchema,
  values: z.object({
    value: finiteNumber.optional(),
    systolic: finiteNumber.optional(),
    diastolic: finiteNumber.optional(),
  }),
  observedAt: zonedDateTimeSchema.optional(),
});
export type ObservationAmendment = z.input<typeof observationAmendmentSchema>;

export const enteredInErrorSchema = z.object({ reason: reasonSchema });

/** An observation as stored and as every client sees it. */
export interface Observation {
  id: string;
  sessionId: string;
  kind: VitalKind;
  /** Scalar value, or systolic for blood pressure. Always in the catalogue unit. */
  value: number;
  /** Diastolic for blood pressure; null otherwise. */
  value2: number | null;
  unit: string;
  interpretation: Interpretations;
  abnormal: boolean;
  observedAt: string;
  observedOffsetMinutes: number;
  recordedAt: string;
  source: ObservationSource;
  deviceId: string | null;
  onOxygen: boolean | null;
  /** What the source sent, when it was in another unit. */
  sourceValue: number | null;
  sourceValue2: number | null;
  sourceUnit: string | null;
  recordedBy: string;
  recordedByName: string;
  status: RecordStatus;
  amendsId: string | null;
  supersededById: string | null;
  statusReason: string | null;
}
