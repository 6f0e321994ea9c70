import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { isCurrentRecord } from '../../../../../shared/records.ts';
import { type SessionRecord, type SessionSummary, phaseChangeSchema } from '../../../../../shared/schemas/session.ts';
import type { DischargeItem } from '../../../../../shared/session/discharge.ts';
import { isApiError } from '../../../api/ApiError.ts';
import { getJson, postJson } from '../../../api/apiFetch.ts';
import { queryKeys } from '../../../api/queryKeys.ts';
import { useCan } from '../../auth/signedInUser.ts';
import { ConfirmDialog } from '../../entry/ConfirmDialog.tsx';
import { CheckGlyph, CrossGlyph } from '../AlarmIcons.tsx';
import { alarmKeys } from '../openAlarms.ts';
import '../alarmPanels.css';

/** The server's checklist for one session (`GET /api/sessions/:id/discharge`). */
export interface DischargeStatus {
  items: DischargeItem[];
  met: boolean;
  escortName: string | null;
}

interface Checks {
  escortPresent: boolean;
  instructionsGiven: boolean;
  escortName?: string;
}

const base = (sessionId: string): string => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** After a reading that bears on the checklist, it is asked for again within this long. */
const REFRESH_MS = 4_000;

/**
 * What the checklist's vitals and side-effect items depend on, so the status is asked for again
 * when they change (a 1 Hz heart rate moves it at most every few seconds).
 */
function inputsKey(session: Pick<SessionRecord, 'latest' | 'sideEffects'>): string {
  const vitals = session.latest
    .filter((reading) => reading.kind === 'bloodPressure' || reading.kind === 'heartRate')
    .map((reading) => `${reading.id}`)
    .sort()
    .join(',');
  const notes = session.sideEffects
    .filter(isCurrentRecord)
    .map((note) => note.id)
    .sort()
    .join(',');
  return `${vitals}|${notes}`;
}

function useDischargeStatus(session: SessionRecord) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: alarmKeys.discharge(session.id),
    queryFn: ({ signal }) => getJson<DischargeStatus>(`${base(session.id)}/discharge`, signal),
  });
  // At most one refresh per REFRESH_MS however often readings arrive (a throttle: a 1 Hz feed must
  // not keep postponing it).
  const key = inputsKey(session);
  const lastKey = useRef(key);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (key === lastKey.current) return;
    lastKey.current = key;
    if (pending.current !== null) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      void queryClient.invalidateQueries({ queryKey: alarmKeys.discharge(session.id) });
    }, REFRESH_MS);
  }, [key, queryClient, session.id]);
  useEffect(
    () => () => {
      if (pending.current !== null) clearTimeout(pending.current);
      pending.current = null;
    },
    [],
  );
  return query;
}

/**
 * The discharge checklist (clinical reference §1.4, §7.3) where discharge happens: each item met or
 * not with the server's detail, the escort and written-instructions confirmations (recorded at
 * once), and Discharge, blocked until every item is met. A physician may override unmet criteria
 * with a reason, which the server audits.
 */
export function DischargeChecklist({ session, headingLevel = 2 }: { session: SessionRecord; headingLevel?: 2 | 3 }) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const mayRecord = useCan('session.changePhase');
  const mayOverride = useCan('discharge.override');
  const status = useDischargeStatus(session);
  const [dialog, setDialog] = useState<'discharge' | 'override' | null>(null);
  const [escortName, setEscortName] = useState<string | null>(null);

  // What the nurse has ticked, shown at once and until the server has it. Saves go one at a time,
  // the newest state last: a tick made while a save is in flight (say, the escort's name saved
  // as the field loses focus to the checkbox) is kept and sent next, never swallowed.
  const [ticked, setTicked] = useState<Checks | null>(null);
  const saving = useRef(false);
  const queued = useRef<Checks | null>(null);
  const checks = useMutation({
    mutationFn: (body: Checks) => postJson<DischargeStatus>(`${base(session.id)}/discharge-checks`, body),
    onSuccess: (next) => queryClient.setQueryData(alarmKeys.discharge(session.id), next),
    onSettled: () => {
      const next = queued.current;
      queued.current = null;
      if (next) {
        checks.mutate(next);
        return;
      }
      saving.current = false;
      setTicked(null);
    },
  });

  const discharge = useMutation({
    mutationFn: (body: { reason?: string; overrideDischargeCriteria?: true }) =>
      postJson<{ session: SessionSummary }>(`${base(session.id)}/phase`, { to: 'discharged', ...body }),
    onSuccess: ({ session: summary }) => {
      queryClient.setQueryData<SessionRecord>(queryKeys.session(session.id), (current) => (current ? { ...current, ...summary } : current));
      setDialog(null);
    },
    onError: (error) => {
      // Unmet after all (a reading arrived meanwhile): show the server's view of the checklist.
      if (isApiError(error) && error.code === 'discharge_criteria_unmet') void status.refetch();
    },
  });

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const data = status.data;
  const item = (id: DischargeItem['id']) => data?.items.find((candidate) => candidate.id === id);
  const serverChecks: Checks = { escortPresent: item('escortPresent')?.met ?? false, instructionsGiven: item('instructionsGiven')?.met ?? false };
  const shownChecks = ticked ?? serverChecks;
  const name = escortName ?? data?.escortName ?? '';
  const metCount = data?.items.filter((candidate) => candidate.met).length ?? 0;
  const unmet = data?.items.filter((candidate) => !candidate.met) ?? [];
  const closed = session.phase === 'discharged' || session.phase === 'aborted';
  const blockedId = `${headingId}-blocked`;

  const saveChecks = (patch: Partial<Checks>) => {
    const trimmed = name.trim();
    const body = { escortPresent: shownChecks.escortPresent, instructionsGiven: shownChecks.instructionsGiven, ...(trimmed ? { escortName: trimmed } : {}), ...patch };
    setTicked(body);
    if (saving.current) {
      queued.current = body;
      return;
    }
    saving.current = true;
    checks.mutate(body);
  };

  return (
    <section className="discharge" aria-labelledby={headingId} data-discharge data-met={data ? String(data.met) : undefined}>
      <header className="discharge__head">
        <Heading className="discharge__title" id={headingId}>
          Discharge checklist
        </Heading>
        {data ? (
          <span className={`discharge__count${data.met ? ' discharge__count--met' : ''}`}>
            {metCount} of {data.items.length} met
          </span>
        ) : null}
      </header>

      {status.isPending ? (
        <p className="discharge__loading" role="status">
          Checking the discharge criteria…
        </p>
      ) : status.isError ? (
        <p className="discharge__error" role="alert">
          The checklist could not be loaded: {status.error.message}{' '}
          <button type="button" className="button discharge__retry" onClick={() => void status.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <ul className="discharge__items">
          {status.data.items.map((entry) => {
            const confirmable = entry.id === 'escortPresent' || entry.id === 'instructionsGiven';
            const checked = entry.id === 'escortPresent' ? shownChecks.escortPresent : shownChecks.instructionsGiven;
            const met = confirmable ? checked : entry.met;
            return (
              <li key={entry.id} className={`discharge-item discharge-item--${met ? 'met' : 'unmet'}`} data-item={entry.id} data-met={String(met)}>
                <span className="discharge-item__mark" aria-hidden="true">
                  {met ? <CheckGlyph /> : <CrossGlyph />}
                </span>
                <div className="discharge-item__body">
                  {confirmable ? (
                    <label className="discharge-item__check">
                      <input
                        type="checkbox"
                        checked={checked}
                        disabled={!mayRecord || closed}
                        onChange={(event) => saveChecks(entry.id === 'escortPresent' ? { escortPresent: event.target.checked } : { instructionsGiven: event.target.checked })}
                      />
                      <span className="discharge-item__label">{entry.label}</span>
                    </label>
                  ) : (
                    <span className="discharge-item__label">{entry.label}</span>
                  )}
                  <span className="discharge-item__detail">
                    <span className="sr-only">{met ? 'Met' : 'Not met'}: </span>
                    {confirmable && checks.isPending ? 'Saving…' : entry.detail}
                  </span>
                  {entry.id === 'escortPresent' && mayRecord && !closed ? (
                    <label className="discharge-item__name">
                      <span className="discharge-item__name-label">Escort's name (optional)</span>
                      <input
                        type="text"
                        className="discharge-item__name-input"
                        value={name}
                        maxLength={120}
                        autoComplete="off"
                        onChange={(event) => setEscortName(event.target.value)}
                        onBlur={() => {
                          if (escortName !== null && escortName.trim() !== (data?.escortName ?? '')) saveChecks({});
                        }}
                      />
                    </label>
                  ) : entry.id === 'escortPresent' && data?.escortName ? (
                    <span className="discharge-item__detail">Escort: {data.escortName}</span>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}

      {checks.isError ? (
        <p className="discharge__error" role="alert">
          Not saved: {checks.error.message}
        </p>
      ) : null}

      {mayRecord && !closed && data ? (
        <div className="discharge__actions">
          <button
            type="button"
            className="button button--primary discharge__button"
            data-action="discharge"
            disabled={!data.met || discharge.isPending || checks.isPending}
            aria-describedby={data.met ? undefined : blockedId}
            onClick={() => {
              discharge.reset();
              setDialog('discharge');
            }}
          >
            <svg className="discharge__button-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="M4 10 H14 M10 6 L14 10 L10 14" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Discharge
          </button>
          {data.met ? null : (
            <p className="discharge__blocked" id={blockedId}>
              Blocked until every item is met ({unmet.length} open).
            </p>
          )}
          {!data.met && mayOverride ? (
            <button
              type="button"
              className="button discharge__override"
              data-action="override-discharge"
              onClick={() => {
                discharge.reset();
                setDialog('override');
              }}
            >
              Override criteria…
            </button>
          ) : null}
        </div>
      ) : null}

      {discharge.isError && dialog === null ? (
        <p className="discharge__error" role="alert">
          Not discharged: {discharge.error.message}
        </p>
      ) : null}

      {dialog === 'discharge' ? (
        <ConfirmDialog
          title="Discharge the patient?"
          confirmLabel={discharge.isPending ? 'Saving…' : 'Discharge'}
          cancelLabel="Keep in the chair"
          confirmDisabled={discharge.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() => discharge.mutate({})}
        >
          <p className="discharge-dialog__warning">Every discharge criterion is met. The patient leaves the chair and the session is closed; it cannot be reopened.</p>
          {discharge.isError ? (
            <p className="discharge-dialog__error" role="alert">
              {discharge.error.message}
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}

      {dialog === 'override' ? (
        <OverrideDialog
          unmet={unmet}
          pending={discharge.isPending}
          error={discharge.error}
          onCancel={() => setDialog(null)}
          onConfirm={(reason) => discharge.mutate({ overrideDischargeCriteria: true, reason })}
        />
      ) : null}
    </section>
  );
}

function OverrideDialog({
  unmet,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  unmet: readonly DischargeItem[];
  pending: boolean;
  error: Error | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const serverReasonError = isApiError(error) ? error.issueAt('reason')?.message : undefined;
  const shownError = reasonError ?? serverReasonError ?? null;
  return (
    <ConfirmDialog
      title="Discharge although criteria are not met?"
      confirmLabel={pending ? 'Saving…' : 'Override and discharge'}
      cancelLabel="Keep in the chair"
      tone="danger"
      confirmDisabled={pending}
      focusConfirm={false}
      onCancel={onCancel}
      onConfirm={() => {
        const parsed = phaseChangeSchema.safeParse({ to: 'discharged', overrideDischargeCriteria: true, reason: reason.trim() || undefined });
        if (!parsed.success) {
          setReasonError(parsed.error.issues[0]?.message ?? 'give a reason');
          return;
        }
        onConfirm(reason.trim());
      }}
    >
      <p className="discharge-dialog__warning">As the physician you take responsibility for discharging with these criteria open. The reason is kept in the audit trail.</p>
      <ul className="discharge-override__unmet">
        {unmet.map((item) => (
          <li key={item.id}>
            <CrossGlyph className="discharge-override__icon" />
            <span>
              <strong>{item.label}</strong> — {item.detail}
            </span>
          </li>
        ))}
      </ul>
      <div className="discharge-dialog__field">
        <label htmlFor={`${id}-reason`} className="discharge-dialog__label">
          Reason for the override (required)
        </label>
        <textarea
          id={`${id}-reason`}
          className="discharge-dialog__input"
          rows={3}
          value={reason}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? `${id}-reason-error` : undefined}
          onChange={(event) => {
            setReason(event.target.value);
            setReasonError(null);
          }}
        />
        {shownError ? (
          <p className="discharge-dialog__field-error" id={`${id}-reason-error`}>
            {shownError.charAt(0).toUpperCase() + shownError.slice(1)}
          </p>
        ) : null}
      </div>
      {error && !serverReasonError ? (
        <p className="discharge-dialog__error" role="alert">
          {error.message}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
