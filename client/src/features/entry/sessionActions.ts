import { type Role, can } from '../../../../shared/auth/permissions.ts';
import {
  INFUSION_EVENT_ALLOWED_IN,
  INFUSION_EVENT_PHASE,
  IRREVERSIBLE_PHASES,
  type InfusionEventKind,
  PHASE_LABELS,
  type SessionPhase,
  allowedTransitions,
} from '../../../../shared/session/phase.ts';

/**
 * What the bedside can do to a session in its current phase: the shared phase rules and the shared
 * permission table decide; the screen only offers what both allow.
 */
export type SessionActionId = 'checkIn' | InfusionEventKind | 'discharge' | 'abort';

export interface SessionAction {
  id: SessionActionId;
  label: string;
  /** The phase the session moves to, if the action moves it. */
  to: SessionPhase | null;
  /** Cannot be undone: the screen asks first. */
  irreversible: boolean;
  /** What kind of request it is. */
  request: { type: 'phase'; to: 'baseline' | 'discharged' | 'aborted' } | { type: 'infusion'; kind: InfusionEventKind };
}

const PHASE_ACTIONS = [
  { id: 'checkIn', label: 'Check in', to: 'baseline' },
  { id: 'discharge', label: 'Discharge', to: 'discharged' },
  { id: 'abort', label: 'Abort session', to: 'aborted' },
] as const;

const EVENT_LABELS: Readonly<Record<InfusionEventKind, string>> = {
  started: 'Start infusion',
  paused: 'Pause',
  resumed: 'Resume',
  rateChanged: 'Change rate',
  stopped: 'Stop infusion',
  medicationGiven: 'Medication given',
};

/** In the order the screen shows them: the phase's main step first, abort last. */
const ORDER: readonly SessionActionId[] = ['checkIn', 'started', 'paused', 'resumed', 'stopped', 'discharge', 'rateChanged', 'medicationGiven', 'abort'];

export function availableActions(phase: SessionPhase, roles: readonly Role[]): SessionAction[] {
  const actions: SessionAction[] = [];
  if (can(roles, 'session.changePhase')) {
    for (const action of PHASE_ACTIONS) {
      if (!allowedTransitions(phase).includes(action.to)) continue;
      actions.push({ ...action, irreversible: IRREVERSIBLE_PHASES.includes(action.to), request: { type: 'phase', to: action.to } });
    }
  }
  if (can(roles, 'infusion.record')) {
    for (const kind of Object.keys(EVENT_LABELS) as InfusionEventKind[]) {
      if (!INFUSION_EVENT_ALLOWED_IN[kind].includes(phase)) continue;
      const to = INFUSION_EVENT_PHASE[kind] ?? null;
      actions.push({ id: kind, label: EVENT_LABELS[kind], to, irreversible: to !== null && IRREVERSIBLE_PHASES.includes(to), request: { type: 'infusion', kind } });
    }
  }
  return actions.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
}

/** The sentence the confirmation asks, e.g. "Stop the infusion? … moves to Recovery". */
export function confirmationText(action: SessionAction): string {
  const to = action.to ? PHASE_LABELS[action.to] : '';
  switch (action.id) {
    case 'stopped':
      return `The pump is stopped and the session moves to ${to}. The infusion cannot be restarted in this session.`;
    case 'discharge':
      return 'The patient leaves the chair and the session is closed. It cannot be reopened.';
    case 'abort':
      return 'The session ends here and is marked aborted. It cannot be reopened.';
    default:
      return `The session moves to ${to}. This cannot be undone.`;
  }
}
