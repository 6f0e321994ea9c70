import { useId, useState } from 'react';
import type { SessionRecord } from '../../../../shared/schemas/session.ts';
import { type ApiError, NO_RESPONSE, isApiError } from '../../api/ApiError.ts';
import { InfusionProgress } from '../../clinical/InfusionProgress.tsx';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { DischargeChecklist } from '../alarms/discharge/DischargeChecklist.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { IrreversibleDialog } from './IrreversibleDialog.tsx';
import { MedicationForm } from './MedicationForm.tsx';
import { RateForm } from './RateForm.tsx';
import { SessionActionIcon } from './SessionActionIcon.tsx';
import { type SessionAction, type SessionActionId, availableActions } from './sessionActions.ts';
import { useSessionChange } from './useSessionChange.ts';

/**
 * The infusion and the session's phase from the bedside: only what the current phase allows and the
 * user's role may do is offered (shared rules). Steps that cannot be undone are confirmed first.
 * These go straight to the server (no offline queue): the nurse sees at once whether they took.
 */
export function SessionControls({ session }: { session: SessionRecord }) {
  const user = useSignedInUser();
  const actions = availableActions(session.phase, user.roles);
  const [open, setOpen] = useState<SessionActionId | null>(null);
  const headingId = useId();
  const { mutation, lastRequest, changePhase, recordEvent, retry } = useSessionChange(session, () => setOpen(null));

  const direct = (action: SessionAction) => {
    mutation.reset();
    if (action.request.type === 'phase') changePhase(action.request.to, action.label);
    else recordEvent(action.request.kind, action.label, action.id === 'started' ? { rateMgPerHour: session.rateMgPerHour } : {});
  };

  const byId = (id: SessionActionId) => actions.find((action) => action.id === id);
  // Discharge lives in the checklist below, which blocks it until the criteria are met.
  const primary = actions.filter((action) => ['checkIn', 'started', 'paused', 'resumed', 'stopped'].includes(action.id));
  const secondary = actions.filter((action) => action.id === 'rateChanged' || action.id === 'medicationGiven');
  const abort = byId('abort');
  const needsForm = (action: SessionAction) => action.irreversible || action.id === 'rateChanged' || action.id === 'medicationGiven';

  const error = isApiError(mutation.error) ? mutation.error : null;
  const noAnswer = error?.status === NO_RESPONSE;

  return (
    <section className="entry-card session-controls" aria-labelledby={headingId}>
      <div className="entry-card__head">
        <h2 className="entry-card__title" id={headingId}>
          Infusion
        </h2>
        <PhaseBadge phase={session.phase} size="large" />
      </div>
      <div className="session-controls__status">
        <InfusionProgress session={session} />
        <p className="session-controls__rate">
          <span className="session-controls__rate-value">{session.rateMgPerHour} mg/h</span>
          <span className="session-controls__rate-detail">
            {session.totalDoseMg} mg planned · {session.doseMgPerKg} mg/kg × {session.weightKg} kg
          </span>
        </p>
      </div>

      {actions.length === 0 ? (
        <p className="entry-notice">
          {session.phase === 'discharged' || session.phase === 'aborted'
            ? 'This session is closed. Late entries can still be documented above.'
            : 'Your role cannot change the infusion.'}
        </p>
      ) : (
        <>
          <div className="session-controls__primary">
            {primary.map((action) => (
              <button
                key={action.id}
                type="button"
                className={`button entry-button session-action session-action--${action.id}${action.id === 'paused' || action.id === 'stopped' || action.id === 'discharge' ? '' : ' button--primary'}`}
                data-action={action.id}
                disabled={mutation.isPending}
                onClick={() => (needsForm(action) ? setOpen(action.id) : direct(action))}
              >
                <SessionActionIcon id={action.id} />
                {action.label}
                {action.id === 'started' ? <span className="session-action__detail">{session.rateMgPerHour} mg/h</span> : null}
              </button>
            ))}
          </div>
          {byId('discharge') ? <DischargeChecklist session={session} headingLevel={3} /> : null}
          {secondary.length > 0 ? (
            <div className="session-controls__secondary">
              {secondary.map((action) => (
                <button
                  key={action.id}
                  type="button"
                  className="button entry-button"
                  data-action={action.id}
                  aria-expanded={open === action.id}
                  onClick={() => {
                    mutation.reset();
                    setOpen(open === action.id ? null : action.id);
                  }}
                >
                  {action.label}
                </button>
              ))}
            </div>
          ) : null}
          {open === 'rateChanged' ? (
            <RateForm current={session.rateMgPerHour} pending={mutation.isPending} onCancel={() => setOpen(null)} onSubmit={(extra) => recordEvent('rateChanged', 'Change rate', extra)} />
          ) : null}
          {open === 'medicationGiven' ? (
            <MedicationForm pending={mutation.isPending} onCancel={() => setOpen(null)} onSubmit={(extra) => recordEvent('medicationGiven', 'Medication given', extra)} />
          ) : null}
          {abort ? (
            <div className="session-controls__abort">
              <button type="button" className="button entry-button button--danger-outline" data-action="abort" onClick={() => setOpen('abort')}>
                Abort session…
              </button>
            </div>
          ) : null}
        </>
      )}

      {mutation.isError ? (
        <div className="entry-form-error" role="alert">
          <p>
            <strong>{lastRequest?.label ?? 'The change'} was not {noAnswer ? 'confirmed' : 'recorded'}:</strong> {mutation.error.message}
          </p>
          {noAnswer && lastRequest ? (
            <button type="button" className="button entry-button entry-button--small" onClick={retry}>
              Try again
            </button>
          ) : null}
        </div>
      ) : null}

      {open && (open === 'stopped' || open === 'discharge' || open === 'abort' || byId(open)?.irreversible) ? (
        <IrreversibleDialog
          action={byId(open)}
          pending={mutation.isPending}
          error={open && mutation.isError ? (mutation.error as ApiError) : null}
          onCancel={() => {
            mutation.reset();
            setOpen(null);
          }}
          onConfirm={(reason) => {
            const action = byId(open);
            if (!action) return;
            if (action.request.type === 'phase') changePhase(action.request.to, action.label, reason);
            else recordEvent(action.request.kind, action.label, reason ? { reason } : {});
          }}
        />
      ) : null}
    </section>
  );
}
