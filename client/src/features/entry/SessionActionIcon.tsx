import type { SessionActionId } from './sessionActions.ts';

/** The play, pause, stop, check and leave marks on the main buttons; the words beside them carry the meaning. */
export function SessionActionIcon({ id }: { id: SessionActionId }) {
  const paths: Partial<Record<SessionActionId, string>> = {
    started: 'M6 4 L16 10 L6 16 Z',
    resumed: 'M6 4 L16 10 L6 16 Z',
    paused: 'M5 4 H8.5 V16 H5 Z M11.5 4 H15 V16 H11.5 Z',
    stopped: 'M5 5 H15 V15 H5 Z',
    checkIn: 'M4 10.5 L8 14.5 L16 5.5',
    discharge: 'M4 10 H14 M10 6 L14 10 L10 14',
  };
  const path = paths[id];
  if (!path) return null;
  const stroked = id === 'checkIn' || id === 'discharge';
  return (
    <svg className="session-action__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={path} fill={stroked ? 'none' : 'currentColor'} stroke={stroked ? 'currentColor' : 'none'} strokeWidth={stroked ? 2.2 : 0} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
