import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Alarm } from '../../../../shared/alarms/lifecycle.ts';
import { postJson } from '../../api/apiFetch.ts';
import { useCan } from '../auth/signedInUser.ts';
import { CheckGlyph } from './AlarmIcons.tsx';
import { alarmLabel } from './alarmView.ts';
import { applyAlarmToCaches } from './openAlarms.ts';

/**
 * "I have seen it", for those who may acknowledge (physicians). Recorded with who and when; it
 * does not end the condition. The answer goes into every cache at once, and every other screen
 * hears it through the `alarm.updated` change.
 */
export function AcknowledgeButton({ alarm, compact = false, context }: { alarm: Alarm; compact?: boolean; context?: string }) {
  const mayAcknowledge = useCan('alarm.acknowledge');
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => postJson<{ alarm: Alarm }>(`/api/alarms/${encodeURIComponent(alarm.id)}/acknowledge`),
    onSuccess: ({ alarm: acknowledged }) => applyAlarmToCaches(queryClient, acknowledged),
  });
  if (!mayAcknowledge || alarm.acknowledgedAt !== null || alarm.closedAt !== null) return null;
  const what = `${alarmLabel(alarm)}${context ? `, ${context}` : ''}`;
  return (
    <span className={`alarm-ack${compact ? ' alarm-ack--compact' : ''}`}>
      <button
        type="button"
        className="alarm-ack__button"
        data-acknowledge={alarm.id}
        disabled={mutation.isPending}
        onClick={() => mutation.mutate()}
        title={`Acknowledge: ${what}`}
      >
        <CheckGlyph className="alarm-ack__icon" />
        <span className="alarm-ack__text">{mutation.isPending ? 'Saving…' : 'Acknowledge'}</span>
        <span className="sr-only">: {what}</span>
      </button>
      {mutation.isError ? (
        <span className="alarm-ack__error" role="alert">
          Not acknowledged: {mutation.error.message}
        </span>
      ) : null}
    </span>
  );
}
