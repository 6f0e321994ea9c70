import { useConnectionStatus } from '../realtime/socketContext.ts';

/**
 * Across the page while the live connection is down: values on screen are then only as fresh as
 * their ages say. (The header indicator is the live region; this is the visual shout.)
 */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status !== 'reconnecting' && status !== 'offline') return null;
  return (
    <div className="connection-banner" data-connection-banner={status}>
      <strong>Live updates interrupted.</strong> Readings on screen may be out of date; {status === 'offline' ? 'retrying' : 'reconnecting'}…
    </div>
  );
}
