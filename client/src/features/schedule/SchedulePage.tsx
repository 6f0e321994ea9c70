import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ChangeEvent } from '../../../../shared/realtime/changes.ts';
import type { Patient } from '../../../../shared/schemas/patient.ts';
import type { SessionSummary } from '../../../../shared/schemas/session.ts';
import { INDICATIONS, INDICATION_LABELS, INFUSION_MINUTES, DOSE_MG_PER_KG } from '../../../../shared/session/protocol.ts';
import { isApiError } from '../../api/ApiError.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { PhaseBadge } from '../../clinical/PhaseBadge.tsx';
import { indicationText } from '../../clinical/sessionText.ts';
import { newId } from '../../offline/ids.ts';
import { wardFeed } from '../../realtime/feeds.ts';
import { useSocket } from '../../realtime/socketContext.ts';
import { useLiveFeed } from '../../realtime/useLiveFeed.ts';
import { formatClockTime } from '../../ui/format.ts';
import { StatusMessage } from '../../ui/StatusMessage.tsx';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useCan, useSignedInUser } from '../auth/signedInUser.ts';
import { useWardSnapshot } from '../overview/wardQuery.ts';
import { PatientPicker } from './PatientPicker.tsx';
import { type ScheduleDraft, type ScheduleErrorKey, type ScheduleErrors, buildSessionInput, dosePreview, emptyScheduleDraft } from './scheduleForm.ts';
import { useChairs, useCheckIn, useCreateSession, useScheduledSessions, useUsers } from './scheduleQueries.ts';
import '../entry/entry.css';
import './schedule.css';
import { useDocumentTitle } from '../../ui/useDocumentTitle.ts';

const ERROR_ORDER: readonly ScheduleErrorKey[] = ['patientId', 'chairId', 'indication', 'indicationOther', 'doseMgPerKg', 'plannedInfusionMinutes', 'scheduledFor', 'nurseId', 'physicianId'];

/**
 * Scheduling and starting a session: the patient (found or added), a free chair, the indication,
 * the protocol with its total dose worked out live from the patient's weight, and the care team.
 * Then check-in, here or from the list of sessions waiting for it.
 */
export function SchedulePage() {
  const user = useSignedInUser();
  const mayRead = useCan('session.read');
  const mayCreate = useCan('session.create');
  const mayCheckIn = useCan('session.changePhase');
  const ward = useWardSnapshot(mayRead);
  useLiveFeed(mayRead ? wardFeed : null);
  const chairs = useChairs(mayRead);
  const users = useUsers(mayRead);
  const scheduled = useScheduledSessions(mayRead);
  const createSession = useCreateSession();
  const checkIn = useCheckIn();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const socket = useSocket();
  const id = useId();

  const [patient, setPatient] = useState<Patient | null>(null);
  const [draft, setDraft] = useState<ScheduleDraft>(() => emptyScheduleDraft(user.roles.includes('nurse') ? user.id : ''));
  const [errors, setErrors] = useState<ScheduleErrors>({});
  const [created, setCreated] = useState<SessionSummary | null>(null);

  useDocumentTitle('Schedule');

  // Sessions scheduled or checked in elsewhere change the waiting list (the ward feed has us in the room).
  useEffect(() => {
    const onChanges = (batch: ChangeEvent[]) => {
      if (batch.some((change) => change.type === 'session.created' || change.type === 'session.phaseChanged')) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.sessionList('scheduled') });
      }
    };
    socket.on('changes', onChanges);
    return () => {
      socket.off('changes', onChanges);
    };
  }, [socket, queryClient]);

  const nurses = useMemo(() => (users.data ?? []).filter((candidate) => candidate.roles.includes('nurse') || candidate.roles.includes('physician')), [users.data]);
  const physicians = useMemo(() => (users.data ?? []).filter((candidate) => candidate.roles.includes('physician')), [users.data]);
  useEffect(() => {
    const only = physicians.length === 1 ? physicians[0] : undefined;
    if (only) setDraft((current) => (current.physicianId ? current : { ...current, physicianId: only.id }));
  }, [physicians]);

  const occupied = useMemo(() => new Map((ward.data?.sessions ?? []).map((session) => [session.chair.id, session])), [ward.data]);
  const busyPatients = useMemo(() => new Map((ward.data?.sessions ?? []).map((session) => [session.patient.id, session.chair.label])), [ward.data]);
  const waitingByChair = useMemo(() => new Map((scheduled.data ?? []).map((session) => [session.chair.id, session])), [scheduled.data]);
  const preview = dosePreview(draft.doseMgPerKg, draft.plannedMinutes, patient?.weightKg);

  const change = (patch: Partial<ScheduleDraft>, clear: readonly ScheduleErrorKey[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const key of [...clear, 'form' as const]) delete next[key];
      return next;
    });
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { input, errors: found } = buildSessionInput({ ...draft, patientId: patient?.id ?? null }, { newId, now: new Date() });
    setErrors(found);
    if (!input) {
      focusFirstError(found, id);
      return;
    }
    createSession.mutate(input, {
      onSuccess: (session) => {
        setCreated(session);
        setPatient(null);
        setDraft(emptyScheduleDraft(draft.nurseId, draft.physicianId));
        setErrors({});
        window.scrollTo({ top: 0 });
        setTimeout(() => document.getElementById(`${id}-created`)?.focus(), 0);
      },
      onError: (error) => {
        if (!isApiError(error)) return;
        const serverErrors: ScheduleErrors = {};
        for (const issue of error.issues) {
          const key = (ERROR_ORDER as readonly string[]).includes(issue.path) ? (issue.path as ScheduleErrorKey) : 'form';
          serverErrors[key] ??= issue.message;
        }
        if (Object.keys(serverErrors).length === 0) serverErrors.form = error.message;
        setErrors(serverErrors);
        focusFirstError(serverErrors, id);
      },
    });
  };

  const startSession = (sessionId: string) => {
    checkIn.mutate(sessionId, {
      onSuccess: () => navigate(`/sessions/${sessionId}/record`),
      onError: (error) => {
        // Someone got to the chair first: show it taken, so the button says so too.
        if (isApiError(error) && error.status === 409) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.ward });
          void queryClient.invalidateQueries({ queryKey: queryKeys.sessionList('scheduled') });
        }
      },
    });
  };
  /** Why the last check-in of this session was refused, placed next to its chair. */
  const checkInErrorFor = (sessionId: string): string | null => {
    if (!checkIn.isError || checkIn.variables !== sessionId) return null;
    const error = checkIn.error;
    const issue = isApiError(error) ? (error.issueAt('chairId') ?? error.issueAt('patientId')) : undefined;
    return issue?.message ?? error.message;
  };

  if (!mayRead || !mayCreate) {
    return (
      <div className="page">
        <h1 className="sr-only">Schedule a session</h1>
        <NoAccess what="scheduling" />
      </div>
    );
  }

  const chairList = [...(chairs.data ?? [])].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));

  return (
    <div className="page schedule-page">
      <div className="schedule-page__head">
        <h1 className="schedule-page__title">Schedule a session</h1>
        <Link href="/bedside" className="button entry-button">
          Go to a chair
        </Link>
      </div>
      <div className="schedule-layout">
        <div className="schedule-layout__main">
          {created ? (
            <div className="created-panel" id={`${id}-created`} tabIndex={-1} role="status" data-created-session={created.id}>
              <div>
                <p className="created-panel__title">
                  Scheduled: {created.patient.name} in {created.chair.label}
                </p>
                <p className="created-panel__detail">
                  {indicationText(created)} · {created.totalDoseMg} mg over {created.plannedInfusionMinutes} min · {created.rateMgPerHour} mg/h
                </p>
              </div>
              <div className="created-panel__actions">
                <button type="button" className="button entry-button" onClick={() => setCreated(null)}>
                  Schedule another
                </button>
                {mayCheckIn ? (
                  <button type="button" className="button button--primary entry-button" onClick={() => startSession(created.id)} disabled={checkIn.isPending}>
                    {checkIn.isPending ? 'Checking in…' : 'Check in now'}
                  </button>
                ) : null}
              </div>
              {checkInErrorFor(created.id) ? (
                <p className="entry-form-error" role="alert" data-check-in-error={created.id}>
                  Not checked in: {checkInErrorFor(created.id)}
                </p>
              ) : null}
            </div>
          ) : null}

          <section className="entry-card schedule-step" aria-labelledby={`${id}-patient`}>
            <h2 className="schedule-step__title" id={`${id}-patient`}>
              <span className="schedule-step__number" aria-hidden="true">
                1
              </span>
              Patient
            </h2>
            <div id={`${id}-patientId`} tabIndex={-1} className="schedule-step__focus">
              <PatientPicker
                selected={patient}
                error={errors.patientId}
                busy={busyPatients}
                onSelect={(picked) => {
                  setPatient(picked);
                  setErrors(({ patientId: _patient, ...rest }) => rest);
                }}
              />
            </div>
          </section>

          <form className="schedule-form" onSubmit={submit} noValidate aria-labelledby={`${id}-form-title`}>
            <h2 className="sr-only" id={`${id}-form-title`}>
              Chair, protocol and care team
            </h2>
            <fieldset className="entry-card schedule-step" aria-describedby={errors.chairId ? `${id}-chairId-error` : undefined}>
              <legend className="schedule-step__title">
                <span className="schedule-step__number" aria-hidden="true">
                  2
                </span>
                Chair
              </legend>
              {chairs.isPending ? (
                <p>Loading chairs…</p>
              ) : chairs.isError ? (
                <p className="entry-form-error">{chairs.error.message}</p>
              ) : (
                <div className="chair-grid">
                  {chairList.map((chair, index) => {
                    const running = occupied.get(chair.id);
                    const waiting = waitingByChair.get(chair.id);
                    return (
                      <label key={chair.id} className={`choice-tile chair-tile${running ? ' chair-tile--busy' : ''}`} data-chair={chair.label}>
                        <input
                          id={index === 0 ? `${id}-chairId` : undefined}
                          type="radio"
                          name={`${id}-chair`}
                          value={chair.id}
                          checked={draft.chairId === chair.id}
                          disabled={running !== undefined}
                          onChange={() => change({ chairId: chair.id }, ['chairId'])}
                        />
                        <span className="choice-tile__text">
                          <span className="chair-tile__label">{chair.label}</span>
                          <span className="chair-tile__state">
                            {running ? (
                              <>
                                In use · <PhaseBadge phase={running.phase} />
                              </>
                            ) : waiting ? (
                              `Free · ${waiting.patient.name} waiting`
                            ) : (
                              `Free${chair.room ? ` · ${chair.room}` : ''}`
                            )}
                          </span>
                        </span>
                      </label>
                    );
                  })}
                </div>
              )}
              {errors.chairId ? <FieldError id={`${id}-chairId-error`} message={errors.chairId} /> : null}
            </fieldset>

            <fieldset className="entry-card schedule-step" aria-describedby={errors.indication ? `${id}-indication-error` : undefined}>
              <legend className="schedule-step__title">
                <span className="schedule-step__number" aria-hidden="true">
                  3
                </span>
                Indication
              </legend>
              <div className="indication-grid">
                {INDICATIONS.map((indication, index) => (
                  <label key={indication} className="choice-tile choice-tile--compact">
                    <input
                      id={index === 0 ? `${id}-indication` : undefined}
                      type="radio"
                      name={`${id}-indication`}
                      value={indication}
                      checked={draft.indication === indication}
                      onChange={() => change({ indication }, ['indication', 'indicationOther'])}
                    />
                    <span className="choice-tile__text">{INDICATION_LABELS[indication]}</span>
                  </label>
                ))}
              </div>
              {errors.indication ? <FieldError id={`${id}-indication-error`} message={errors.indication} /> : null}
              {draft.indication === 'other' ? (
                <TextInput
                  id={`${id}-indicationOther`}
                  label="Which indication?"
                  value={draft.indicationOther}
                  error={errors.indicationOther}
                  onChange={(indicationOther) => change({ indicationOther }, ['indicationOther'])}
                />
              ) : null}
            </fieldset>

            <fieldset className="entry-card schedule-step">
              <legend className="schedule-step__title">
                <span className="schedule-step__number" aria-hidden="true">
                  4
                </span>
                Protocol
              </legend>
              <div className="protocol-grid">
                <TextInput
                  id={`${id}-doseMgPerKg`}
                  label="Dose (mg/kg)"
                  hint={`${DOSE_MG_PER_KG.low}–${DOSE_MG_PER_KG.high} mg/kg`}
                  inputMode="decimal"
                  value={draft.doseMgPerKg}
                  error={errors.doseMgPerKg}
                  onChange={(doseMgPerKg) => change({ doseMgPerKg }, ['doseMgPerKg'])}
                />
                <TextInput
                  id={`${id}-plannedInfusionMinutes`}
                  label="Infusion time (min)"
                  hint={`${INFUSION_MINUTES.low}–${INFUSION_MINUTES.high} min`}
                  inputMode="numeric"
                  value={draft.plannedMinutes}
                  error={errors.plannedInfusionMinutes}
                  onChange={(plannedMinutes) => change({ plannedMinutes }, ['plannedInfusionMinutes'])}
                />
                <TextInput
                  id={`${id}-scheduledFor`}
                  label="Planned start (optional)"
                  type="time"
                  value={draft.startTime}
                  error={errors.scheduledFor}
                  onChange={(startTime) => change({ startTime }, ['scheduledFor'])}
                />
              </div>
              <output className={`dose-preview${preview ? '' : ' dose-preview--empty'}`} aria-live="polite" data-dose-preview="">
                {preview && patient ? (
                  <>
                    <span className="dose-preview__total">{preview.totalMg} mg</span>
                    <span className="dose-preview__detail">
                      total ketamine: {draft.doseMgPerKg.replace(',', '.')} mg/kg × {patient.weightKg} kg
                      {preview.rateMgPerHour !== null ? ` · ${preview.rateMgPerHour} mg/h over ${draft.plannedMinutes} min` : ''}
                    </span>
                  </>
                ) : (
                  <span className="dose-preview__detail">The total dose appears here once the patient and the dose are chosen.</span>
                )}
              </output>
            </fieldset>

            <fieldset className="entry-card schedule-step">
              <legend className="schedule-step__title">
                <span className="schedule-step__number" aria-hidden="true">
                  5
                </span>
                Care team
              </legend>
              <div className="protocol-grid">
                <SelectInput
                  id={`${id}-nurseId`}
                  label="Nurse"
                  value={draft.nurseId}
                  error={errors.nurseId}
                  options={nurses.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
                  onChange={(nurseId) => change({ nurseId }, ['nurseId'])}
                />
                <SelectInput
                  id={`${id}-physicianId`}
                  label="Physician"
                  value={draft.physicianId}
                  error={errors.physicianId}
                  options={physicians.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
                  onChange={(physicianId) => change({ physicianId }, ['physicianId'])}
                />
              </div>
            </fieldset>

            {errors.form ? (
              <p className="entry-form-error" role="alert">
                {errors.form}
              </p>
            ) : null}
            <div className="schedule-form__footer">
              <p className="schedule-form__summary">
                {patient ? patient.name : 'No patient chosen'}
                {draft.chairId ? ` · ${chairList.find((chair) => chair.id === draft.chairId)?.label ?? ''}` : ''}
                {preview ? ` · ${preview.totalMg} mg` : ''}
              </p>
              <button type="submit" className="button button--primary entry-button entry-button--save" disabled={createSession.isPending}>
                {createSession.isPending ? 'Scheduling…' : 'Schedule session'}
              </button>
            </div>
          </form>
        </div>

        <aside className="schedule-layout__side" aria-labelledby={`${id}-waiting`}>
          <section className="entry-card waiting-list">
            <h2 className="entry-card__title" id={`${id}-waiting`}>
              Waiting for check-in
            </h2>
            {scheduled.isPending ? (
              <p>Loading…</p>
            ) : scheduled.isError ? (
              <p className="entry-form-error">{scheduled.error.message}</p>
            ) : scheduled.data.length === 0 ? (
              <StatusMessage tone="empty" title="Nobody is waiting" />
            ) : (
              <ul className="waiting-list__items">
                {scheduled.data.map((session) => {
                  const refusal = checkInErrorFor(session.id);
                  const chairInUse = occupied.get(session.chair.id);
                  const noteId = `${id}-check-in-${session.id}`;
                  return (
                    <li key={session.id} className="waiting-item" data-session-id={session.id}>
                      <div className="waiting-item__who">
                        <p className="waiting-item__name">{session.patient.name}</p>
                        <p className="waiting-item__meta">
                          {session.chair.label}
                          {session.scheduledFor ? ` · ${formatClockTime(session.scheduledFor).slice(0, 5)}` : ''} · {session.totalDoseMg} mg / {session.plannedInfusionMinutes} min
                        </p>
                        <p className="waiting-item__meta">{indicationText(session)}</p>
                        {refusal ? (
                          <p className="field-error" id={noteId} role="alert" data-check-in-error={session.id}>
                            <span aria-hidden="true">✕ </span>
                            {refusal}
                          </p>
                        ) : chairInUse ? (
                          <p className="waiting-item__note" id={noteId}>
                            {session.chair.label} is in use ({chairInUse.patient.name})
                          </p>
                        ) : null}
                      </div>
                      {mayCheckIn ? (
                        <button
                          type="button"
                          className="button button--primary entry-button"
                          disabled={checkIn.isPending || chairInUse !== undefined}
                          onClick={() => startSession(session.id)}
                          aria-label={`Check in ${session.patient.name}`}
                          aria-describedby={refusal || chairInUse ? noteId : undefined}
                        >
                          Check in
                        </button>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

function focusFirstError(errors: ScheduleErrors, idPrefix: string): void {
  const first = ERROR_ORDER.find((key) => errors[key]);
  if (first) setTimeout(() => document.getElementById(`${idPrefix}-${first}`)?.focus(), 0);
}

interface TextInputProps {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string;
  type?: 'text' | 'time';
  inputMode?: 'decimal' | 'numeric';
  onChange: (value: string) => void;
}

function TextInput({ id, label, value, error, hint, type = 'text', inputMode, onChange }: TextInputProps) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' form-field--invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field-input"
        type={type}
        inputMode={inputMode}
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
}

function SelectInput({
  id,
  label,
  value,
  error,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <div className={`form-field${error ? ' form-field--invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="field-input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Choose…</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p className="field-error" id={id}>
      <span aria-hidden="true">✕ </span>
      {message.charAt(0).toUpperCase() + message.slice(1)}
    </p>
  );
}
