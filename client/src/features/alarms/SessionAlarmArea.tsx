import type { SessionRecord } from '../../../../shared/schemas/session.ts';
import { DischargeChecklist } from './discharge/DischargeChecklist.tsx';
import { News2Panel } from './news2/News2Panel.tsx';
import { SessionAlarmPanel } from './SessionAlarmPanel.tsx';
import './alarmPanels.css';

/**
 * The session view's alarm area, under its header: the session's alarms beside its NEWS2, and in
 * recovery the discharge checklist.
 */
export function SessionAlarmArea({ record }: { record: SessionRecord }) {
  return (
    <div className="session-alarm-area">
      <div className="session-alarm-area__row">
        <SessionAlarmPanel alarms={record.alarms} chair={record.chair.label} />
        <News2Panel record={record} />
      </div>
      {record.phase === 'recovery' ? <DischargeChecklist session={record} /> : null}
    </div>
  );
}
