import { z } from 'zod';
import {
  INFUSION_EVENT_KINDS,
  type InfusionEventKind,
  SESSION_PHASES,
  type SessionPhase,
} from '../session/phase.ts';
import { DOSE_MG_PER_KG, INDICATIONS, INFUSION_MINUTES, type Indication } from '../session/protocol.ts';
import { idSchema, reasonSchema, zonedDateTimeSchema } from './common.ts';
import type { Alarm } from '../alarms/lifecycle.ts';
import type { Chair } from './chair.ts';
import type { Observation } from './observation.ts';
import type { WardTrend } from './series.ts';
import type { Patient } from './patient.ts';
import type { SideEffectNote } from './sideEffect.ts';

export const sessionInputSchema = z
  .object({
    id: idSchema,
    patientId: idSchema,
    chairId: idSchema,
    indication: z.enum(INDICATIONS),
    indicationOther: z.string().trim().max(200).optional(),
    doseMgPerKg: z
      .number()
      .min(DOSE_MG_PER_KG.low, `must be at least ${DOSE_MG_PER_KG.low} mg/kg`)
      .max(DOSE_MG_PER_KG.high, `must be at most ${DOSE_MG_PER_KG.high} mg/kg`),
    plannedInfusionMinutes: z
      .number()
      .int('whole minutes')
      .min(INFUSION_MINUTES.low)
      .max(INFUSION_MINUTES.high),
    nurseId: idSchema,
    physicianId: idSchema,
    scheduledFor: zonedDateTimeSchema.optional(),
    /** When the booking was made, if it is entered late (a walk-in documented afterwards); else now. */
    bookedAt: zonedDateTimeSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.indication === 'other' && !input.indicationOther) {
      ctx.addIssue({
        code: 'custom',
        path: ['indicationOther'],
        params: { code: 'required' },
        message: 'name the indication',
      });
    }
  });
export type SessionInput = z.input<typeof sessionInputSchema>;

/** Explicit phase changes that no infusion event makes: check-in, discharge, abort. */
export const phaseChangeSchema = z
  .object({
    to: z.enum(['baseline', 'discharged', 'aborted']),
    reason: reasonSchema.optional(),
    at: zonedDateTimeSchema.optional(),
    /** A physician discharging although the checklist is not met; needs a reason. */
    overrideDischargeCriteria: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.overrideDischargeCriteria && !input.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], params: { code: 'required' }, message: 'an override needs a reason' });
    }
    if (input.to === 'aborted' && !input.reason) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        params: { code: 'required' },
        message: 'an aborted session needs a reason',
      });
    }
  });
export type PhaseChange = z.input<typeof phaseChangeSchema>;

export const infusionEventInputSchema = z
  .object({
    id: idSchema,
    kind: z.enum(INFUSION_EVENT_KINDS),
    at: zonedDateTimeSchema,
    rateMgPerHour: z.number().positive().max(2000).optional(),
    drug: z.string().trim().min(1).max(120).optional(),
    dose: z.number().positive().max(100000).optional(),
    doseUnit: z.enum(['mg', 'mcg', 'g', 'mL', 'U']).optional(),
    route: z.enum(['IV', 'PO', 'IM', 'SC', 'SL', 'IN', 'inhaled']).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .superRefine((input, ctx) => {
    const need = (field: 'rateMgPerHour' | 'drug' | 'dose' | 'doseUnit' | 'route') => {
      if (input[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], params: { code: 'required' }, message: 'required' });
      }
    };
    if (input.kind === 'rateChanged') need('rateMgPerHour');
    if (input.kind === 'medicationGiven') {
      need('drug');
      need('dose');
      need('doseUnit');
      need('route');
    }
  });
export type InfusionEventInput = z.input<typeof infusionEventInputSchema>;

export interface InfusionEvent {
  id: string;
  sessionId: string;
  kind: InfusionEventKind;
  at: string;
  atOffsetMinutes: number;
  rateMgPerHour: number | null;
  drug: string | null;
  dose: number | null;
  doseUnit: string | null;
  route: string | null;
  reason: string | null;
  recordedAt: string;
  recordedBy: string;
  recordedByName: string;
}

export interface PhaseTransition {
  from: SessionPhase | null;
  to: SessionPhase;
  at: string;
  by: string;
  byName: string;
  reason: string | null;
}

export interface SessionSummary {
  id: string;
  patient: Pick<Patient, 'id' | 'mrn' | 'name' | 'dateOfBirth' | 'weightKg'>;
  chair: { id: string; label: string; room: string };
  indication: Indication;
  indicationOther: string | null;
  doseMgPerKg: number;
  weightKg: number;
  totalDoseMg: number;
  plannedInfusionMinutes: number;
  rateMgPerHour: number;
  nurse: { id: string; name: string };
  physician: { id: string; name: string };
  phase: SessionPhase;
  scheduledFor: string | null;
  infusionStartedAt: string | null;
  phaseChangedAt: string;
  createdAt: string;
  /** Set once a physician has reviewed and signed the finished record; it is then locked. */
  signedAt: string | null;
  signedBy: { id: string; name: string } | null;
  transitions: PhaseTransition[];
}

/** scheduled → in progress → completed → signed, derived from the phase and the sign-off. */
export type SessionStatus = 'scheduled' | 'inProgress' | 'completed' | 'signed';

export function sessionStatus(session: Pick<SessionSummary, 'phase' | 'signedAt'>): SessionStatus {
  if (session.signedAt) return 'signed';
  if (session.phase === 'scheduled') return 'scheduled';
  if (session.phase === 'discharged' || session.phase === 'aborted') return 'completed';
  return 'inProgress';
}

/** What the ward overview needs for one running session: the session and its latest readings. */
export interface WardSession extends SessionSummary {
  latest: Observation[];
  latestSideEffect: SideEffectNote | null;
  /** Sparkline points over the session so far (LTTB-thinned on the server). */
  trend: WardTrend;
  /** Alarms not yet closed: active, acknowledged, or resolved but unacknowledged. */
  alarms: Alarm[];
}

export interface WardSnapshot {
  seq: number;
  /** Every chair, so free ones show as free. */
  chairs: Chair[];
  sessions: WardSession[];
}

/**
 * One session's record without its bulk readings: those come as chart columns
 * (`/api/sessions/:id/series`) and as table pages (`/api/sessions/:id/observations`).
 */
export interface SessionRecord extends SessionSummary {
  /** The newest current reading of each kind. */
  latest: Observation[];
  observationCount: number;
  sideEffects: SideEffectNote[];
  infusionEvents: InfusionEvent[];
  /** Every alarm of the session, open and closed. */
  alarms: Alarm[];
  /** The event-log position this snapshot reflects; live events after it apply on top. */
  seq: number;
}

export interface ObservationPage {
  /** Newest first, every version (corrected and withdrawn ones included). */
  observations: Observation[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export const sessionListQuerySchema = z.object({
  phase: z.enum(['active', 'all', ...SESSION_PHASES]).default('active'),
});
