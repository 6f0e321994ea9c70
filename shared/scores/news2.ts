/**
 * NEWS2 (Royal College of Physicians, 2017; clinical reference §3). Scale 1 for SpO2 — Scale 2 is
 * only for confirmed hypercapnic respiratory failure, which an infusion chair does not treat.
 */

export type Acvpu = 'A' | 'C' | 'V' | 'P' | 'U';

export interface News2Inputs {
  respiratoryRate: number;
  spo2: number;
  onOxygen: boolean;
  systolic: number;
  heartRate: number;
  consciousness: Acvpu;
  temperature: number;
}

export type News2Parameter = keyof News2Inputs;

export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Score {
  total: number;
  parts: Record<News2Parameter, number>;
  band: News2Band;
  /** The RCP's clinical response for the band. */
  response: string;
}

export function respiratoryRatePoints(rr: number): number {
  if (rr <= 8) return 3;
  if (rr <= 11) return 1;
  if (rr <= 20) return 0;
  if (rr <= 24) return 2;
  return 3;
}

export function spo2Scale1Points(spo2: number): number {
  if (spo2 <= 91) return 3;
  if (spo2 <= 93) return 2;
  if (spo2 <= 95) return 1;
  return 0;
}

export function systolicPoints(sbp: number): number {
  if (sbp <= 90) return 3;
  if (sbp <= 100) return 2;
  if (sbp <= 110) return 1;
  if (sbp <= 219) return 0;
  return 3;
}

export function pulsePoints(hr: number): number {
  if (hr <= 40) return 3;
  if (hr <= 50) return 1;
  if (hr <= 90) return 0;
  if (hr <= 110) return 1;
  if (hr <= 130) return 2;
  return 3;
}

export function temperaturePoints(celsius: number): number {
  // Recorded to one decimal; band edges are 35.0, 36.0, 38.0, 39.0.
  const t = Math.round(celsius * 10) / 10;
  if (t <= 35.0) return 3;
  if (t <= 36.0) return 1;
  if (t <= 38.0) return 0;
  if (t <= 39.0) return 1;
  return 2;
}

export function consciousnessPoints(level: Acvpu): number {
  return level === 'A' ? 0 : 3;
}

export const NEWS2_RESPONSE: Readonly<Record<News2Band, string>> = {
  low: 'Routine monitoring; registered nurse assesses and decides whether to escalate',
  'low-medium': 'A single parameter scores 3: urgent ward-based review by a clinician',
  medium: 'Urgent response: inform the medical team at once for urgent assessment',
  high: 'Emergency response: emergency assessment by a critical-care-competent team',
};

export function news2(inputs: News2Inputs): News2Score {
  const parts: Record<News2Parameter, number> = {
    respiratoryRate: respiratoryRatePoints(inputs.respiratoryRate),
    spo2: spo2Scale1Points(inputs.spo2),
    onOxygen: inputs.onOxygen ? 2 : 0,
    systolic: systolicPoints(inputs.systolic),
    heartRate: pulsePoints(inputs.heartRate),
    consciousness: consciousnessPoints(inputs.consciousness),
    temperature: temperaturePoints(inputs.temperature),
  };
  const total = Object.values(parts).reduce((sum, p) => sum + p, 0);
  const anyThree = Object.values(parts).some((p) => p === 3);
  const band: News2Band = total >= 7 ? 'high' : total >= 5 ? 'medium' : anyThree ? 'low-medium' : 'low';
  return { total, parts, band, response: NEWS2_RESPONSE[band] };
}

/** Sedation scales map onto ACVPU: responds to voice is V, to pain P, to nothing U. */
export function acvpuFromSedation(scale: 'moaas' | 'rass', score: number): Acvpu {
  if (scale === 'moaas') return score >= 5 ? 'A' : score >= 3 ? 'V' : score >= 1 ? 'P' : 'U';
  return score >= 0 ? 'A' : score >= -3 ? 'V' : score === -4 ? 'P' : 'U';
}
