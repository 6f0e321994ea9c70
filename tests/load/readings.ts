import { randomUUID } from 'node:crypto';
import type { ObservationInput } from '../../shared/schemas/observation.ts';

/**
 * A monitor's heart-rate reading, half a second old, always in the normal range: load tests
 * measure the path of a reading, not the alarm engine, so no reading raises an alarm.
 */
export function monitorReading(sessionId: string, n: number, deviceId = 'load-monitor'): ObservationInput {
  return {
    id: randomUUID(),
    sessionId,
    kind: 'heartRate',
    value: 60 + (n % 30),
    observedAt: new Date(Date.now() - 500).toISOString(),
    source: 'device',
    deviceId,
  };
}
