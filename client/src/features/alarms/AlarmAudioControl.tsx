import { useNow } from '../../ui/clock.ts';
import { SpeakerGlyph } from './AlarmIcons.tsx';
import { formatCountdown, priorityMarker } from './alarmView.ts';
import { useAlarmSound } from './sound/soundContext.ts';


/**
 * This screen's alarm sound, in the header: off until the browser allows sound, on, sounding (with
 * "Pause audio"), or AUDIO PAUSED with its countdown (press to resume early). There is no "off".
 */
export function AlarmAudioControl() {
  const { controller, state } = useAlarmSound();
  if (!controller || !state) return null;
  if (!state.unlocked) {
    return (
      <button type="button" className="header-button alarm-audio alarm-audio--locked" data-alarm-audio="locked" onClick={() => controller.unlock()}>
        <SpeakerGlyph state="off" className="header-button__icon" />
        <span className="alarm-audio__text">Sound off</span>
        <span className="sr-only">: enable alarm sound</span>
      </button>
    );
  }
  if (state.pausedUntil !== null) return <PausedControl until={state.pausedUntil} onResume={() => controller.resume()} calling={state.calling} />;
  if (state.sounding !== null) {
    return (
      <button
        type="button"
        className={`header-button alarm-audio alarm-audio--sounding alarm-audio--${state.sounding}`}
        data-alarm-audio="sounding"
        data-sounding={state.sounding}
        onClick={() => controller.pause()}
      >
        <SpeakerGlyph state="on" className="header-button__icon" />
        <span className="alarm-audio__marker" aria-hidden="true">
          {priorityMarker(state.sounding)}
        </span>
        <span className="alarm-audio__text">Pause audio</span>
        <span className="sr-only"> for 2 minutes ({state.sounding} priority alarm sounding)</span>
      </button>
    );
  }
  return (
    <span className="alarm-audio alarm-audio--quiet" data-alarm-audio="on" title="Alarm sound is on for this screen">
      <SpeakerGlyph state="on" className="header-button__icon" />
      <span className="sr-only">Alarm sound on</span>
    </span>
  );
}

function PausedControl({ until, onResume, calling }: { until: number; onResume: () => void; calling: string | null }) {
  const now = useNow();
  const left = formatCountdown(until - now);
  return (
    <button type="button" className="header-button alarm-audio alarm-audio--paused" data-alarm-audio="paused" data-calling={calling ?? ''} aria-pressed="true" onClick={onResume}>
      <SpeakerGlyph state="paused" className="header-button__icon" />
      <span className="alarm-audio__text">
        <span className="alarm-audio__wide">Audio paused </span>
        <span className="alarm-audio__countdown" data-countdown>
          {left}
        </span>
      </span>
      <span className="sr-only"> left; press to resume alarm sound now</span>
    </button>
  );
}
