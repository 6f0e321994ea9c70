import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { InfusionEvent, SessionRecord, SessionSummary } from '../../../../shared/schemas/session.ts';
import { infusionEventInputSchema, phaseChangeSchema } from '../../../../shared/schemas/session.ts';
import { type ApiError, NO_RESPONSE, isApiError } from '../../api/ApiError.ts';
import { postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { InfusionProgress } from '../../clinical/InfusionProgress.tsx';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { newId } from '../../offline/ids.ts';
import { DischargeChecklist } from '../alarms/discharge/DischargeChecklist.tsx';
import { useSignedInUser } from '../auth/signedInUser.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { localIsoWithOffset } from './localTime.ts';
import { type SessionAction, type SessionActionId, availableActions, confirmationText } from './sessionActions.ts';

type ActionRequest = { path: string; body: Record<string, unknown>; label: string };

const DOSE_UNITS = ['mg', 'mcg', 'g', 'mL', 'U'] as const;
const ROUTES = ['IV', 'PO', 'IM', 'SC', 'SL', 'IN', 'inhaled'] as const;
const COMMON_DRUGS = ['Ondansetron', 'Midazolam', 'Lorazepam', 'Labetalol', 'Clonidine', 'Glycopyrrolate', 'Metoclopramide'];

/**
 * The infusion and the session's phase from the bedside: only what the current phase allows and the
 * user's role may do is offered (shared rules). Steps that cannot be undone are confirmed first.
 * These go straight to the server (no offline queue): the nurse sees at once whether they took.
 */
export function SessionControls({ session }: { session: SessionRecord }) {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const actions = availableActions(session.phase, user.roles);
  const [open, setOpen] = useState<SessionActionId | null>(null);
  const [lastRequest, setLastRequest] = useState<ActionRequest | null>(null);
  const headingId = useId();

  const mutation = useMutation({
    mutationFn: (request: ActionRequest) => postJson<{ session: SessionSummary; event?: InfusionEvent }>(request.path, request.body),
    onSuccess: ({ session: summary, event }) => {
      queryClient.setQueryData<SessionRecord>(queryKeys.session(session.id), (current) => {
        if (!current) return current;
        const infusionEvents = event && !current.infusionEvents.some((existing) => existing.id === event.id) ? [...current.infusionEvents, event] : current.infusionEvents;
        return { ...current, ...summary, infusionEvents };
      });
      setOpen(null);
      setLastRequest(null);
    },
  });

  const run = (request: ActionRequest) => {
    setLastRequest(request);
    mutation.mutate(request);
  };

  const phaseRequest = (to: 'baseline' | 'discharged' | 'aborted', label: string, reason?: string): ActionRequest => ({
    path: `/api/sessions/${session.id}/phase`,
    body: { to, at: localIsoWithOffset(new Date()), ...(reason ? { reason } : {}) },
    label,
  });

  const eventRequest = (kind: string, label: string, extra: Record<string, unknown> = {}): ActionRequest => ({
    path: `/api/sessions/${session.id}/infusion-events`,
    body: { id: newId(), kind, at: localIsoWithOffset(new Date()), ...extra },
    label,
  });

  const direct = (action: SessionAction) => {
    mutation.reset();
    if (action.request.type === 'phase') run(phaseRequest(action.request.to, action.label));
    else run(eventRequest(action.request.kind, action.label, action.id === 'started' ? { rateMgPerHour: session.rateMgPerHour } : {}));
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
                <ActionIcon id={action.id} />
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
            <RateForm current={session.rateMgPerHour} pending={mutation.isPending} onCancel={() => setOpen(null)} onSubmit={(extra) => run(eventRequest('rateChanged', 'Change rate', extra))} />
          ) : null}
          {open === 'medicationGiven' ? (
            <MedicationForm pending={mutation.isPending} onCancel={() => setOpen(null)} onSubmit={(extra) => run(eventRequest('medicationGiven', 'Medication given', extra))} />
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
            <button type="button" className="button entry-button entry-button--small" onClick={() => mutation.mutate(lastRequest)}>
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
            if (action.request.type === 'phase') run(phaseRequest(action.request.to, action.label, reason));
            else run(eventRequest(action.request.kind, action.label, reason ? { reason } : {}));
          }}
        />
      ) : null}
    </section>
  );
}

function IrreversibleDialog({
  action,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  action: SessionAction | undefined;
  pending: boolean;
  error: ApiError | null;
  onCancel: () => void;
  onConfirm: (reason: string | undefined) => void;
}) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const id = useId();
  if (!action) return null;
  const reasonRequired = action.id === 'abort';
  const title = action.id === 'stopped' ? 'Stop the infusion?' : action.id === 'discharge' ? 'Discharge the patient?' : 'Abort this session?';
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={pending ? 'Saving…' : action.id === 'stopped' ? 'Stop infusion' : action.id === 'discharge' ? 'Discharge' : 'Abort session'}
      cancelLabel="Keep going"
      tone={action.id === 'abort' ? 'danger' : 'caution'}
      confirmDisabled={pending}
      focusConfirm={!reasonRequired}
      onCancel={onCancel}
      onConfirm={() => {
        const trimmed = reason.trim();
        if (action.id === 'abort') {
          const parsed = phaseChangeSchema.safeParse({ to: 'aborted', reason: trimmed || undefined });
          if (!parsed.success) {
            setReasonError(parsed.error.issues[0]?.message ?? 'give a reason');
            return;
          }
        } else if (trimmed) {
          const parsed = phaseChangeSchema.safeParse({ to: 'discharged', reason: trimmed });
          if (!parsed.success) {
            setReasonError(parsed.error.issues[0]?.message ?? 'check the reason');
            return;
          }
        }
        onConfirm(trimmed || undefined);
      }}
    >
      <p className="confirm-dialog__warning">{confirmationText(action)}</p>
      <div className="dialog-field">
        <label htmlFor={`${id}-reason`} className="dialog-field__label">
          Reason{reasonRequired ? '' : ' (optional)'}
        </label>
        <textarea
          id={`${id}-reason`}
          className="dialog-field__input"
          rows={2}
          value={reason}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          onChange={(event) => {
            setReason(event.target.value);
            setReasonError(null);
          }}
        />
        {reasonError ? (
          <p className="field-error" id={`${id}-reason-error`}>
            {capitalize(reasonError)}
          </p>
        ) : null}
      </div>
      {error ? (
        <p className="entry-form-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

function RateForm({ current, pending, onCancel, onSubmit }: { current: number; pending: boolean; onCancel: () => void; onSubmit: (extra: Record<string, unknown>) => void }) {
  const [rate, setRate] = useState(String(current));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = Number(rate.trim().replace(',', '.'));
    const extra = { rateMgPerHour: rate.trim() === '' ? undefined : value, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    const parsed = infusionEventInputSchema.safeParse({ id: newId(), kind: 'rateChanged', at: new Date().toISOString(), ...extra });
    if (!parsed.success || Number.isNaN(value)) {
      setErrors(issuesByField(parsed.success ? [] : parsed.error.issues, Number.isNaN(value) ? { rateMgPerHour: 'must be a number' } : {}));
      return;
    }
    onSubmit(extra);
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Change the infusion rate">
      <div className="inline-form__fields">
        <InlineField id={`${id}-rate`} label="New rate (mg/h)" error={errors.rateMgPerHour}>
          <input
            id={`${id}-rate`}
            className="inline-form__input"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={rate}
            aria-invalid={errors.rateMgPerHour ? true : undefined}
            aria-describedby={errors.rateMgPerHour ? `${id}-rate-error` : undefined}
            onChange={(event) => setRate(event.target.value)}
          />
        </InlineField>
        <InlineField id={`${id}-reason`} label="Reason (optional)" error={errors.reason}>
          <input id={`${id}-reason`} className="inline-form__input" type="text" value={reason} onChange={(event) => setReason(event.target.value)} />
        </InlineField>
      </div>
      <div className="inline-form__actions">
        <button type="button" className="button entry-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary entry-button" disabled={pending}>
          {pending ? 'Saving…' : 'Save rate'}
        </button>
      </div>
    </form>
  );
}

function MedicationForm({ pending, onCancel, onSubmit }: { pending: boolean; onCancel: () => void; onSubmit: (extra: Record<string, unknown>) => void }) {
  const [drug, setDrug] = useState('');
  const [dose, setDose] = useState('');
  const [doseUnit, setDoseUnit] = useState<(typeof DOSE_UNITS)[number]>('mg');
  const [route, setRoute] = useState<(typeof ROUTES)[number]>('IV');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const doseValue = dose.trim() === '' ? undefined : Number(dose.trim().replace(',', '.'));
    const extra = { drug: drug.trim() || undefined, dose: doseValue, doseUnit, route };
    const parsed = infusionEventInputSchema.safeParse({ id: newId(), kind: 'medicationGiven', at: new Date().toISOString(), ...extra });
    const notNumber = doseValue !== undefined && Number.isNaN(doseValue);
    if (!parsed.success || notNumber) {
      setErrors(issuesByField(parsed.success ? [] : parsed.error.issues, notNumber ? { dose: 'must be a number' } : {}));
      return;
    }
    onSubmit(extra);
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Medication given">
      <div className="inline-form__fields inline-form__fields--medication">
        <InlineField id={`${id}-drug`} label="Drug" error={errors.drug}>
          <input
            id={`${id}-drug`}
            className="inline-form__input"
            type="text"
            list={`${id}-drugs`}
            autoComplete="off"
            value={drug}
            aria-invalid={errors.drug ? true : undefined}
            aria-describedby={errors.drug ? `${id}-drug-error` : undefined}
            onChange={(event) => setDrug(event.target.value)}
          />
          <datalist id={`${id}-drugs`}>
            {COMMON_DRUGS.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </InlineField>
        <InlineField id={`${id}-dose`} label="Dose" error={errors.dose}>
          <input
            id={`${id}-dose`}
            className="inline-form__input"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={dose}
            aria-invalid={errors.dose ? true : undefined}
            aria-describedby={errors.dose ? `${id}-dose-error` : undefined}
            onChange={(event) => setDose(event.target.value)}
          />
        </InlineField>
        <InlineField id={`${id}-unit`} label="Unit" error={errors.doseUnit}>
          <select id={`${id}-unit`} className="inline-form__input" value={doseUnit} onChange={(event) => setDoseUnit(event.target.value as (typeof DOSE_UNITS)[number])}>
            {DOSE_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {unit}
              </option>
            ))}
          </select>
        </InlineField>
        <InlineField id={`${id}-route`} label="Route" error={errors.route}>
          <select id={`${id}-route`} className="inline-form__input" value={route} onChange={(event) => setRoute(event.target.value as (typeof ROUTES)[number])}>
            {ROUTES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </select>
        </InlineField>
      </div>
      <div className="inline-form__actions">
        <button type="button" className="button entry-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary entry-button" disabled={pending}>
          {pending ? 'Saving…' : 'Record medication'}
        </button>
      </div>
    </form>
  );
}

function InlineField({ id, label, error, children }: { id: string; label: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`inline-field${error ? ' inline-field--invalid' : ''}`}>
      <label className="inline-field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {capitalize(error)}
        </p>
      ) : null}
    </div>
  );
}

function issuesByField(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, extra: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = { ...extra };
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

function ActionIcon({ id }: { id: SessionActionId }) {
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
