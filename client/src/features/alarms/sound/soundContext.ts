import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AlarmSoundController, AlarmSoundState } from './alarmSound.ts';

/** The screen's alarm sound, when this user's screen makes any (clinical staff who answer alarms). */
export const AlarmSoundContext = createContext<AlarmSoundController | null>(null);

const NO_SOUND = (): null => null;
const noSubscription = (): (() => void) => () => undefined;

export function useAlarmSound(): { controller: AlarmSoundController | null; state: AlarmSoundState | null } {
  const controller = useContext(AlarmSoundContext);
  const state = useSyncExternalStore(controller ? controller.subscribe : noSubscription, controller ? controller.getState : NO_SOUND);
  return { controller, state };
}
