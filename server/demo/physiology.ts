/**
 * A plausible ketamine session for the demo: a resting baseline, a rise in blood pressure and
 * heart rate that peaks around 40 minutes into the infusion and settles over recovery, with
 * noise, and now and then a short desaturation. Pure functions of time and a seeded patient.
 */

export interface VirtualPatient {
  seed: number;
  heartRate: number;
  systolic: number;
  diastolic: number;
  spo2: number;
  respiratoryRate: number;
  temperature: number;
  /** Peak rise in systolic BP during the infusion, mmHg. */
  systolicRise: number;
  heartRateRise: number;
  /** Minutes into the infusion at which a brief desaturation happens, if any. */
  desaturationAt: number | null;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createVirtualPatient(seed: number): VirtualPatient {
  const random = mulberry32(seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  return {
    seed,
    heartRate: Math.round(between(62, 84)),
    systolic: Math.round(between(112, 134)),
    diastolic: Math.round(between(68, 84)),
    spo2: Math.round(between(96, 99)),
    respiratoryRate: Math.round(between(12, 16)),
    temperature: Math.round(between(36.4, 37.1) * 10) / 10,
    systolicRise: between(12, 38),
    heartRateRise: between(6, 22),
    desaturationAt: random() < 0.45 ? between(12, 34) : null,
  };
}

/** How strongly ketamine's sympathetic effect acts, 0…1, by minutes since the infusion started. */
export function drugEffect(minutesSinceInfusionStart: number | null, infusionMinutes: number): number {
  if (minutesSinceInfusionStart === null || minutesSinceInfusionStart < 0) return 0;
  if (minutesSinceInfusionStart <= infusionMinutes) return Math.min(1, minutesSinceInfusionStart / infusionMinutes) ** 0.8;
  // Washes out over about 60 minutes after the pump stops.
  return Math.max(0, 1 - (minutesSinceInfusionStart - infusionMinutes) / 60);
}

function noise(seed: number, t: number, amplitude: number): number {
  const random = mulberry32(Math.floor(seed * 7919 + t * 13));
  return (random() * 2 - 1) * amplitude;
}

export interface DeviceReading {
  heartRate: number;
  spo2: number;
}

export interface CuffReading {
  systolic: number;
  diastolic: number;
}

export function deviceReadingAt(patient: VirtualPatient, infusionMinute: number | null, infusionMinutes: number, t: number): DeviceReading {
  const effect = drugEffect(infusionMinute, infusionMinutes);
  let spo2 = patient.spo2 + noise(patient.seed, t, 1);
  if (patient.desaturationAt !== null && infusionMinute !== null) {
    const since = infusionMinute - patient.desaturationAt;
    if (since >= 0 && since < 1.5) spo2 = 88 + noise(patient.seed + 1, t, 1.5);
  }
  return {
    heartRate: Math.round(patient.heartRate + effect * patient.heartRateRise + noise(patient.seed + 2, t, 3)),
    spo2: Math.max(80, Math.min(100, Math.round(spo2))),
  };
}

export function cuffReadingAt(patient: VirtualPatient, infusionMinute: number | null, infusionMinutes: number, t: number): CuffReading {
  const effect = drugEffect(infusionMinute, infusionMinutes);
  const systolic = Math.round(patient.systolic + effect * patient.systolicRise + noise(patient.seed + 3, t, 4));
  const diastolic = Math.round(patient.diastolic + effect * patient.systolicRise * 0.6 + noise(patient.seed + 4, t, 3));
  return { systolic, diastolic: Math.min(diastolic, systolic - 20) };
}
