import { type ReactNode, useEffect, useState } from 'react';
import { can } from '../../../../shared/auth/permissions.ts';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { openAlarmsFeed, useOpenAlarms } from './openAlarms.ts';
import { type AlarmAudioOutput, AlarmSoundController } from './sound/alarmSound.ts';
import { AlarmSoundContext } from './sound/soundContext.ts';
import { createWebAudioOutput } from './sound/webAudioOutput.ts';
import './alarms.css';

/**
 * The app-wide alarm watch, for every signed-in screen that may read the ward: keeps the clinic's
 * open alarms live (for the escalation banner and the sound) and owns this screen's alarm sound.
 * Sound is for the staff who answer alarms (nurses and physicians); a reviewer's screen stays quiet
 * but shows the banner. `output` replaces Web Audio (tests observe what would play).
 */
export function AlarmWatch({ output, children }: { output?: AlarmAudioOutput; children: ReactNode }) {
  const { roles } = useSignedInUser();
  const mayRead = can(roles, 'ward.read');
  const mayHear = mayRead && (can(roles, 'alarm.acknowledge') || can(roles, 'observation.record'));
  const openAlarms = useOpenAlarms(mayRead);
  const [audio] = useState<AlarmAudioOutput>(() => output ?? createWebAudioOutput());
  const [controller, setController] = useState<AlarmSoundController | null>(null);

  useLiveFeed(mayRead ? openAlarmsFeed : null);

  useEffect(() => {
    if (!mayHear) return;
    const created = new AlarmSoundController(audio);
    setController(created);
    return () => {
      created.dispose();
      setController(null);
    };
  }, [mayHear, audio]);

  // Browsers start sound only after a user gesture: the first click or key press unlocks it (or the
  // one that signed in, when the page has had one already). On `click`, not `pointerdown`: the
  // prompt that goes away must not leave the pointer over another control before it is released.
  useEffect(() => {
    if (!controller) return;
    if (navigator.userActivation?.hasBeenActive) controller.unlock();
    const onGesture = (event: Event) => {
      if (event.isTrusted) controller.unlock();
    };
    window.addEventListener('click', onGesture, true);
    window.addEventListener('keydown', onGesture, true);
    return () => {
      window.removeEventListener('click', onGesture, true);
      window.removeEventListener('keydown', onGesture, true);
    };
  }, [controller]);

  const alarms = openAlarms.data?.alarms;
  useEffect(() => {
    controller?.setAlarms(alarms ?? []);
  }, [controller, alarms]);

  return <AlarmSoundContext value={controller}>{children}</AlarmSoundContext>;
}
