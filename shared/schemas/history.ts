import { z } from 'zod';
import { SIDE_EFFECT_KINDS, type Severity, type SideEffectKind } from '../sideEffects/catalogue.ts';
import { INDICATIONS } from '../session/protocol.ts';
import { idSchema, zonedDateTimeSchema } from './common.ts';
import type { SessionStatus, SessionSummary } from './session.ts';

export const historyQuerySchema = z.object({
  /** Patient name prefix or MRN. */
  q: z.string().trim().max(100).optional(),
  from: zonedDateTimeSchema.optional(),
  to: zonedDateTimeSchema.optional(),
  chairId: idSchema.optional(),
  indication: z.enum(INDICATIONS).optional(),
  clinicianId: idSchema.optional(),
  sideEffect: z.enum(SIDE_EFFECT_KINDS).optional(),
  withAlarms: z.enum(['true', 'false']).optional(),
  status: z.enum(['scheduled', 'inProgress', 'completed', 'signed']).optional(),
  /** Opaque cursor from the previous page. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

export interface HistoryRow {
  id: string;
  createdAt: string;
  infusionStartedAt: string | null;
  patient: { id: string; mrn: string; name: string };
  chair: { id: string; label: string };
  indication: SessionSummary['indication'];
  phase: SessionSummary['phase'];
  status: SessionStatus;
  nurse: string;
  physician: string;
  alarmCount: number;
  sideEffectKinds: SideEffectKind[];
}

export interface HistoryPage {
  sessions: HistoryRow[];
  nextAfter: string | null;
}

/** One session of a patient's series, as the physician compares them side by side. */
export interface SeriesEntry {
  sessionId: string;
  date: string;
  indication: SessionSummary['indication'];
  doseMgPerKg: number;
  totalDoseMg: number;
  infusionMinutes: number | null;
  peakSystolic: number | null;
  peakHeartRate: number | null;
  lowestSpo2: number | null;
  worstSideEffects: Partial<Record<SideEffectKind, Severity>>;
  alarms: { high: number; medium: number; low: number };
  interventions: string[];
  status: SessionStatus;
}

/** The esketamine REMS monitoring form's items, derived from the stored record. */
export interface RemsSummary {
  bpBeforeDosing: string | null;
  bpAt40Minutes: string | null;
  bpBeforeDischarge: string | null;
  totalMonitoringMinutes: number | null;
  readyToLeaveMinute: number | null;
  sedation: { occurred: boolean; resolved: boolean };
  dissociation: { occurred: boolean; resolved: boolean };
  respiratoryDepression: { occurred: boolean; resolved: boolean };
  vitalsAcceptableBeforeDosing: boolean | null;
  vitalsAcceptableBeforeDischarge: boolean | null;
  /** Required items that could not be derived; sign-off waits for them. */
  missing: string[];
}
