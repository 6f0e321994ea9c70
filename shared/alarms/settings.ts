import { z } from 'zod';

/**
 * Alarm limits (clinical reference §7.2). Configurable defaults, signed off by the medical
 * director; a clinic sets its own, and a session may override them (a patient with a high baseline).
 */
export const alarmSettingsSchema = z.object({
  heartRate: z.object({ highAbove: z.number(), mediumAbove: z.number(), mediumBelow: z.number(), highBelow: z.number() }),
  systolic: z.object({ highAbove: z.number(), highBelow: z.number() }),
  diastolic: z.object({ highAbove: z.number() }),
  spo2: z.object({ highBelow: z.number(), mediumBelow: z.number() }),
  respiratoryRate: z.object({ highAbove: z.number(), mediumAbove: z.number(), mediumBelow: z.number(), highBelow: z.number() }),
  temperature: z.object({ mediumAbove: z.number(), mediumBelow: z.number() }),
  /** Rise over the session's own baseline that raises a medium alarm. */
  relative: z.object({ systolicRisePercent: z.number().min(5).max(100), systolicRiseMmHg: z.number(), diastolicRiseMmHg: z.number() }),
  /** Device streams: how long a value must stay out of range before it alarms (artefact filter). */
  delaysSeconds: z.object({ spo2High: z.number().min(0).max(120), spo2Medium: z.number().min(0).max(300), other: z.number().min(0).max(120) }),
  /** Minutes after acknowledgement before a persisting condition re-announces. */
  reannounceMinutes: z.number().min(1).max(60),
  /** Minutes an unacknowledged high alarm may stand before it escalates to every screen. */
  escalateAfterMinutes: z.number().min(0.05).max(30),
  /** Seconds without a reading from a device feed before it counts as lost (technical alarm). */
  deviceStaleSeconds: z.number().min(10).max(900),
});
export type AlarmSettings = z.infer<typeof alarmSettingsSchema>;

/** Threshold values: "highAbove: 130" means 131 and over is high (NEWS2 bands, integers). */
export const DEFAULT_ALARM_SETTINGS: AlarmSettings = {
  heartRate: { highAbove: 130, mediumAbove: 110, mediumBelow: 51, highBelow: 41 },
  systolic: { highAbove: 180, highBelow: 91 },
  diastolic: { highAbove: 110 },
  spo2: { highBelow: 92, mediumBelow: 94 },
  respiratoryRate: { highAbove: 24, mediumAbove: 20, mediumBelow: 12, highBelow: 9 },
  temperature: { mediumAbove: 39, mediumBelow: 35.1 },
  relative: { systolicRisePercent: 25, systolicRiseMmHg: 40, diastolicRiseMmHg: 25 },
  delaysSeconds: { spo2High: 15, spo2Medium: 30, other: 10 },
  reannounceMinutes: 5,
  escalateAfterMinutes: 2,
  deviceStaleSeconds: 60,
};

const shape = alarmSettingsSchema.shape;
/** A partial override, merged group by group over the clinic's settings. */
export const alarmSettingsOverrideSchema = z
  .object({
    heartRate: shape.heartRate.partial(),
    systolic: shape.systolic.partial(),
    diastolic: shape.diastolic.partial(),
    spo2: shape.spo2.partial(),
    respiratoryRate: shape.respiratoryRate.partial(),
    temperature: shape.temperature.partial(),
    relative: shape.relative.partial(),
    delaysSeconds: shape.delaysSeconds.partial(),
    reannounceMinutes: shape.reannounceMinutes,
    escalateAfterMinutes: shape.escalateAfterMinutes,
    deviceStaleSeconds: shape.deviceStaleSeconds,
  })
  .partial()
  .strict();
export type AlarmSettingsOverride = z.infer<typeof alarmSettingsOverrideSchema>;

/** Group by group: a later value wins, and a group keeps the limits the later one does not name. */
function mergeGroups(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = value && typeof value === 'object' && current && typeof current === 'object' ? { ...current, ...value } : value;
  }
  return merged;
}

export function mergeSettings(base: AlarmSettings, override: AlarmSettingsOverride | null | undefined): AlarmSettings {
  if (!override) return base;
  return alarmSettingsSchema.parse(mergeGroups(base, override));
}

/** A session's override changed again: what it already overrode stays, limit by limit. */
export function mergeOverrides(earlier: AlarmSettingsOverride | null | undefined, later: AlarmSettingsOverride): AlarmSettingsOverride {
  return alarmSettingsOverrideSchema.parse(mergeGroups(earlier ?? {}, later));
}
