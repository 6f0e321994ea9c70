/**
 * Alarm priorities after IEC 60601-1-8 (clinical reference §4.1): each has its own colour, marker,
 * words, flash rate and sound, so no priority is told apart by colour alone.
 */
export const ALARM_PRIORITIES = ['high', 'medium', 'low'] as const;
export type AlarmPriority = (typeof ALARM_PRIORITIES)[number];

/** Physiological alarms concern the patient; technical ones (INOP) the equipment or the data. */
export type AlarmClass = 'physiological' | 'technical';

export interface PriorityPresentation {
  label: string;
  /** The standard's marker: *** high, ** medium, * low. */
  marker: string;
  /** Response the standard asks for. */
  response: string;
  /** Visual flash frequency in Hz; 0 = steady. */
  flashHz: number;
  /** Tone pattern: groups of pulses, played by the browser (Web Audio). */
  sound: { pulses: number[]; pauseMs: number; frequencyHz: number; repeatEveryMs: number };
}

export const PRIORITY_PRESENTATION: Readonly<Record<AlarmPriority, PriorityPresentation>> = {
  high: {
    label: 'High priority',
    marker: '***',
    response: 'Immediate response',
    flashHz: 2,
    // Two bursts of five pulses ("beep-beep-beep--beep-beep").
    sound: { pulses: [5, 5], pauseMs: 350, frequencyHz: 880, repeatEveryMs: 5_000 },
  },
  medium: {
    label: 'Medium priority',
    marker: '**',
    response: 'Prompt response',
    flashHz: 0.6,
    sound: { pulses: [3], pauseMs: 0, frequencyHz: 660, repeatEveryMs: 15_000 },
  },
  low: {
    label: 'Low priority',
    marker: '*',
    response: 'Response when able',
    flashHz: 0,
    sound: { pulses: [1], pauseMs: 0, frequencyHz: 520, repeatEveryMs: 60_000 },
  },
};

export const PRIORITY_RANK: Readonly<Record<AlarmPriority, number>> = { high: 3, medium: 2, low: 1 };

/** How long a screen may pause alarm sound; it can never be switched off for good. */
export const AUDIO_PAUSE_MS = 2 * 60_000;
