/** Ketamine dosing arithmetic, written once so the form's preview and the stored session agree. */

export const INDICATIONS = [
  'treatmentResistantDepression',
  'chronicPain',
  'postTreatmentLyme',
  'longCovid',
  'ptsd',
  'other',
] as const;
export type Indication = (typeof INDICATIONS)[number];

export const INDICATION_LABELS: Readonly<Record<Indication, string>> = {
  treatmentResistantDepression: 'Treatment-resistant depression',
  chronicPain: 'Chronic pain',
  postTreatmentLyme: 'Post-treatment Lyme',
  longCovid: 'Long COVID',
  ptsd: 'PTSD',
  other: 'Other',
};

/** Sub-anaesthetic dosing bounds: anything outside is a typing error, not a protocol. */
export const DOSE_MG_PER_KG = { low: 0.05, high: 3 } as const;
export const INFUSION_MINUTES = { low: 5, high: 24 * 60 } as const;
export const WEIGHT_KG = { low: 20, high: 350 } as const;

const round1 = (value: number): number => Math.round(value * 10) / 10;

export function totalDoseMg(doseMgPerKg: number, weightKg: number): number {
  return round1(doseMgPerKg * weightKg);
}

export function infusionRateMgPerHour(totalMg: number, plannedMinutes: number): number {
  return round1((totalMg * 60) / plannedMinutes);
}
