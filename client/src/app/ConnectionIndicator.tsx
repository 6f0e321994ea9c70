import { CONNECTION_LABELS } from '../realtime/connectionStatus.ts';
import { useConnectionStatus } from '../realtime/socketContext.ts';

const EXPLANATIONS = {
  connecting: 'Connecting to live updates',
  live: 'Receiving live updates',
  reconnecting: 'Connection lost; readings on screen may be out of date. Reconnecting.',
  offline: 'Not connected; readings on screen may be out of date. Retrying.',
} as const;

/** Live / reconnecting, as a shape, a word and a colour; announced politely when it changes. */
export function ConnectionIndicator() {
  const status = useConnectionStatus();
  return (
    <p className={`connection connection--${status}`} role="status" title={EXPLANATIONS[status]} data-connection={status}>
      <span className="connection__icon" aria-hidden="true" />
      <span className="connection__label">{CONNECTION_LABELS[status]}</span>
      <span className="sr-only">: {EXPLANATIONS[status]}</span>
    </p>
  );
}
