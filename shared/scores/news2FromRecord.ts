import { isCurrentRecord } from '../records.ts';
import type { Observation } from '../schemas/observation.ts';
import type { SideEffectNote } from '../schemas/sideEffect.ts';
import { type Acvpu, type News2Parameter, type News2Score, acvpuFromSedation, news2 } from './news2.ts';

/** How recent each input must be for a score to mean anything. */
export const NEWS2_FRESHNESS_MINUTES = { vitals: 30, temperature: 6 * 60, consciousness: 60 } as const;

export interface News2Assessment {
  score: News2Score | null;
  /** Inputs absent or too old; the score is withheld while any is missing. */
  missing: News2Parameter[];
  /** True when no recent sedation score exists and consciousness was taken as Alert. */
  consciousnessAssumed: boolean;
}

/**
 * NEWS2 from a session's newest current readings, computed whenever its inputs are recent enough.
 * Consciousness comes from the latest MOAA/S or RASS; without one it is taken as Alert and said so.
 */
export function news2FromLatest(latest: readonly Observation[], sedation: SideEffectNote | null, now: number): News2Assessment {
  const fresh = (o: Observation | undefined, minutes: number) =>
    o && isCurrentRecord(o) && now - Date.parse(o.observedAt) <= minutes * 60_000 ? o : undefined;
  const find = (kind: Observation['kind']) => latest.find((o) => o.kind === kind);
  const rr = fresh(find('respiratoryRate'), NEWS2_FRESHNESS_MINUTES.vitals);
  const spo2 = fresh(find('spo2'), NEWS2_FRESHNESS_MINUTES.vitals);
  const bp = fresh(find('bloodPressure'), NEWS2_FRESHNESS_MINUTES.vitals);
  const hr = fresh(find('heartRate'), NEWS2_FRESHNESS_MINUTES.vitals);
  const temp = fresh(find('temperature'), NEWS2_FRESHNESS_MINUTES.temperature);
  const missing: News2Parameter[] = [];
  if (!rr) missing.push('respiratoryRate');
  if (!spo2) missing.push('spo2');
  if (!bp) missing.push('systolic');
  if (!hr) missing.push('heartRate');
  if (!temp) missing.push('temperature');

  const sedationFresh =
    sedation &&
    isCurrentRecord(sedation) &&
    (sedation.scale === 'moaas' || sedation.scale === 'rass') &&
    sedation.score !== null &&
    now - Date.parse(sedation.observedAt) <= NEWS2_FRESHNESS_MINUTES.consciousness * 60_000;
  const consciousness: Acvpu =
    sedationFresh && sedation.score !== null && (sedation.scale === 'moaas' || sedation.scale === 'rass')
      ? acvpuFromSedation(sedation.scale, sedation.score)
      : 'A';

  if (!rr || !spo2 || !bp || !hr || !temp) return { score: null, missing, consciousnessAssumed: !sedationFresh };
  return {
    score: news2({
      respiratoryRate: rr.value,
      spo2: spo2.value,
      onOxygen: spo2.onOxygen === true,
      systolic: bp.value,
      heartRate: hr.value,
      consciousness,
      temperature: temp.value,
    }),
    missing,
    consciousnessAssumed: !sedationFresh,
  };
}
