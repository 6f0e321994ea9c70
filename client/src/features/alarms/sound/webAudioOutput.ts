import { type AlarmPriority, PRIORITY_PRESENTATION } from '../../../../../shared/alarms/priority.ts';
import type { AlarmAudioOutput } from './alarmSound.ts';

/**
 * Pulse timing after IEC 60601-1-8 (Table 4): high-priority pulses are short and close together,
 * medium and low ones longer. Seconds.
 */
const PULSE = {
  high: { duration: 0.15, spacing: 0.09 },
  medium: { duration: 0.2, spacing: 0.15 },
  low: { duration: 0.22, spacing: 0.15 },
} as const satisfies Record<AlarmPriority, { duration: number; spacing: number }>;

/** Soft edges, so pulses do not click; the standard asks for rise and fall times of this order. */
const RAMP = 0.015;
const LEVEL = 0.22;

/**
 * Alarm tones in the browser: each pulse is the priority's fundamental with four harmonics (the
 * standard asks for at least four, so the sound can be located), in the priority's groups
 * (high: 5 + 5 with a pause, medium: 3, low: 1). The AudioContext is created on the first unlock,
 * which the caller makes from a user gesture.
 */
export function createWebAudioOutput(): AlarmAudioOutput {
  let context: AudioContext | null = null;
  let wave: PeriodicWave | null = null;
  let master: GainNode | null = null;
  const playing = new Set<OscillatorNode>();

  const ready = (): AudioContext | null => {
    if (context) return context;
    const Context = typeof window === 'undefined' ? undefined : window.AudioContext;
    if (!Context) return null;
    context = new Context();
    // Fundamental plus four harmonics of falling strength.
    wave = context.createPeriodicWave(new Float32Array([0, 1, 0.55, 0.4, 0.3, 0.2]), new Float32Array(6));
    master = context.createGain();
    master.gain.value = LEVEL;
    master.connect(context.destination);
    return context;
  };

  return {
    unlock() {
      const audio = ready();
      if (audio && audio.state === 'suspended') void audio.resume().catch(() => undefined);
    },

    play(priority) {
      const audio = ready();
      if (!audio || !master) return;
      if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
      const { pulses, pauseMs, frequencyHz } = PRIORITY_PRESENTATION[priority].sound;
      const { duration, spacing } = PULSE[priority];
      let at = audio.currentTime + 0.03;
      pulses.forEach((count, group) => {
        if (group > 0) at += pauseMs / 1000;
        for (let pulse = 0; pulse < count; pulse++) {
          const oscillator = audio.createOscillator();
          if (wave) oscillator.setPeriodicWave(wave);
          oscillator.frequency.value = frequencyHz;
          const envelope = audio.createGain();
          envelope.gain.setValueAtTime(0, at);
          envelope.gain.linearRampToValueAtTime(1, at + RAMP);
          envelope.gain.setValueAtTime(1, at + duration - RAMP);
          envelope.gain.linearRampToValueAtTime(0, at + duration);
          oscillator.connect(envelope);
          envelope.connect(master as GainNode);
          oscillator.onended = () => {
            playing.delete(oscillator);
            oscillator.disconnect();
            envelope.disconnect();
          };
          playing.add(oscillator);
          oscillator.start(at);
          oscillator.stop(at + duration);
          at += duration + spacing;
        }
      });
    },

    silence() {
      for (const oscillator of playing) {
        try {
          oscillator.stop();
        } catch {
          // Already stopped.
        }
      }
      playing.clear();
    },
  };
}
