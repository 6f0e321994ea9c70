import { type FormEvent, type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { VITALS } from '../../../../shared/vitals/catalogue.ts';
import { interpretValue } from '../../../../shared/vitals/interpretation.ts';
import { formatObservationValue } from '../../clinical/vitalDisplay.ts';
import { newId } from '../../offline/ids.ts';
import { useOutbox, useOutboxState } from '../../offline/useOutbox.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { DraftStore, draftKey } from './draftStore.ts';
import { EntryStatusLine } from './EntryStatusLine.tsx';
import { friendlyMessage } from './entryStatus.ts';
import { toTimeInputValue } from './localTime.ts';
import {
  VITAL_FIELDS,
  VITAL_FIELD_KEYS,
  type VitalFieldKey,
  type VitalsDraft,
  type VitalsErrors,
  type VitalsEvaluation,
  draftFromObservations,
  emptyVitalsDraft,
  evaluateVitals,
  fieldForIssuePath,
  isDraftEmpty,
  isVitalsDraft,
  parseReading,
  takenAtDate,
} from './vitalsForm.ts';

interface VitalsFormProps {
  sessionId: string;
  userId: string;
  /** The newest current reading of each kind, shown beside its field. */
  latest: readonly Observation[];
  disabledReason: string | null;
}

const drafts = new DraftStore();
/** A draft older than this gets its "taken at" time shown prominently. */
const OLD_DRAFT_MS = 2 * 60_000;

/**
 * One keyboard-only form for a full set of vitals: Tab through the fields (a "/" after the systolic
 * jumps to the diastolic), Enter saves. Each field shows the last reading beside it and its own
 * error under it. Values outside the normal range are confirmed, values outside the physiological
 * range refused with the schema's reason. Unsaved input is kept as a draft for this session.
 */
export function VitalsForm({ sessionId, userId, latest, disabledReason }: VitalsFormProps) {
  const outbox = useOutbox();
  const { entries } = useOutboxState();
  const key = draftKey(userId, sessionId, 'vitals');
  const lastOnOxygen = latest.find((reading) => reading.kind === 'spo2')?.onOxygen ?? false;
  const [restored] = useState(() => drafts.load(key, isVitalsDraft));
  const [draft, setDraft] = useState<VitalsDraft>(() => restored?.draft ?? emptyVitalsDraft(lastOnOxygen));
  const [errors, setErrors] = useState<VitalsErrors>({});
  const [blurred, setBlurred] = useState<ReadonlySet<VitalFieldKey>>(new Set());
  const [confirming, setConfirming] = useState<VitalsEvaluation | null>(null);
  const [savedEntryId, setSavedEntryId] = useState<string | null>(null);
  const [showRestored, setShowRestored] = useState(restored !== null && !isDraftEmpty(restored.draft));
  const [editingTime, setEditingTime] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const inputs = useRef<Partial<Record<VitalFieldKey, HTMLInputElement | null>>>({});
  const formId = useId();

  // Keep the unfinished set, so a nurse called away finds it again (also after a reload).
  useEffect(() => {
    if (isDraftEmpty(draft) && draft.takenAt === null) drafts.clear(key);
    else drafts.save(key, draft, new Date());
  }, [draft, key]);

  // A set the server refused comes back into the (empty) form with the server's reasons by field.
  const savedEntry = savedEntryId ? entries.find((entry) => entry.id === savedEntryId) : undefined;
  const refusalHandled = useRef<string | null>(null);
  useEffect(() => {
    if (savedEntry?.status !== 'refused' || savedEntry.type !== 'observations') return;
    if (refusalHandled.current === savedEntry.id) return;
    refusalHandled.current = savedEntry.id;
    const serverErrors: VitalsErrors = {};
    for (const issue of savedEntry.refusal?.issues ?? []) {
      serverErrors[fieldForIssuePath(issue.path, savedEntry.records)] ??= friendlyMessage(issue.code, issue.message);
    }
    if (Object.keys(serverErrors).length === 0) serverErrors.form = savedEntry.refusal?.message ?? 'The server refused these readings';
    setDraft((current) => (isDraftEmpty(current) ? draftFromObservations(savedEntry.records) : current));
    setErrors(serverErrors);
  }, [savedEntry]);

  const now = new Date();
  const taken = takenAtDate(draft, now);
  const takenDate = taken instanceof Date ? taken : now;
  const draftIsOld = now.getTime() - takenDate.getTime() > OLD_DRAFT_MS;

  const change = (field: VitalFieldKey, text: string) => {
    setDraft((current) => ({ ...current, values: { ...current.values, [field]: text }, startedAt: current.startedAt ?? new Date().toISOString() }));
    setErrors(({ [field]: _field, form: _form, ...rest }) => rest);
    setShowRestored(false);
  };

  const focusField = (field: VitalFieldKey) => {
    // After React has committed (and a closing dialog has handed focus back).
    setTimeout(() => inputs.current[field]?.focus(), 0);
  };

  const save = (evaluation: VitalsEvaluation) => {
    const entry = outbox.enqueue({ type: 'observations', records: evaluation.observations, sessionId, summary: evaluation.summary });
    setSavedEntryId(entry.id);
    setConfirming(null);
    setDraft(emptyVitalsDraft(draft.onOxygen));
    setErrors({});
    setBlurred(new Set());
    setEditingTime(false);
    setShowRestored(false);
    drafts.clear(key);
    // The status line under the button announces the save and then its delivery.
    setAnnouncement('');
    focusField('systolic');
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (disabledReason) return;
    const evaluation = evaluateVitals(draft, { sessionId, now: new Date(), newId });
    const problems = Object.keys(evaluation.errors).length;
    if (problems > 0) {
      setErrors(evaluation.errors);
      const first = VITAL_FIELD_KEYS.find((field) => evaluation.errors[field]);
      setAnnouncement(`Not saved: ${problems === 1 ? 'one field needs' : `${problems} fields need`} attention`);
      if (first) focusField(first);
      return;
    }
    if (evaluation.outOfNormal.length > 0) {
      setConfirming(evaluation);
      return;
    }
    save(evaluation);
  };

  const submitOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  const latestByKind = useMemo(() => new Map(latest.map((reading) => [reading.kind, reading])), [latest]);

  const renderInput = (field: VitalFieldKey, extra?: { onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void }) => {
    const definition = VITAL_FIELDS[field];
    const error = errors[field];
    const value = draft.values[field];
    const parsed = parseReading(value);
    const flag =
      !error && blurred.has(field) && typeof parsed === 'number' ? interpretValue(parsed, definition.component.normal) : ('normal' as const);
    const inputId = `${formId}-${field}`;
    const describedBy = [error ? `${inputId}-error` : null, flag !== 'normal' ? `${inputId}-flag` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`vital-input${error ? ' vital-input--invalid' : ''}${flag !== 'normal' ? ' vital-input--flagged' : ''}`}>
        <label className="vital-input__label" htmlFor={inputId}>
          {definition.kind === 'bloodPressure' ? (
            <>
              {definition.component.label.replace(' BP', '')}
              <span className="sr-only"> BP</span>
            </>
          ) : (
            definition.component.label
          )}
          <span className="sr-only"> in {VITALS[definition.kind].unitLabel}</span>
          {definition.optional ? <span className="vital-input__optional"> (optional)</span> : null}
        </label>
        <div className="vital-input__box">
          <input
            ref={(element) => {
              inputs.current[field] = element;
            }}
            id={inputId}
            name={field}
            className="vital-input__control"
            type="text"
            inputMode={definition.inputMode}
            autoComplete="off"
            enterKeyHint="done"
            spellCheck={false}
            value={value}
            disabled={disabledReason !== null}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => change(field, event.target.value)}
            onBlur={() => setBlurred((current) => (current.has(field) ? current : new Set([...current, field])))}
            onKeyDown={extra?.onKeyDown}
          />
          <span className="vital-input__unit" aria-hidden="true">
            {VITALS[definition.kind].unitLabel}
          </span>
        </div>
        {error ? (
          <p className="vital-input__error" id={`${inputId}-error`}>
            <span aria-hidden="true">✕ </span>
            {capitalize(error)}
          </p>
        ) : flag !== 'normal' ? (
          <p className="vital-input__flag" id={`${inputId}-flag`}>
            <span aria-hidden="true">{flag === 'high' ? '▲' : '▼'} </span>
            {flag === 'high' ? 'High' : 'Low'} · normal {definition.component.normal.low}–{definition.component.normal.high}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <section className="entry-card entry-vitals" aria-labelledby={`${formId}-title`}>
      <div className="entry-card__head">
        <h2 className="entry-card__title" id={`${formId}-title`}>
          Vitals
        </h2>
        <p className="entry-card__hint">
          <kbd>Tab</kbd> next field · <kbd>/</kbd> after systolic · <kbd>Enter</kbd> saves
        </p>
      </div>
      {disabledReason ? <p className="entry-notice">{disabledReason}</p> : null}
      {showRestored && restored ? (
        <p className="entry-notice entry-notice--info" data-draft-restored="">
          Unsaved readings from <RelativeTime iso={restored.savedAt} /> were kept as a draft.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(emptyVitalsDraft(draft.onOxygen));
              setShowRestored(false);
              setErrors({});
            }}
          >
            Discard draft
          </button>
        </p>
      ) : null}
      <form className="entry-vitals__form" onSubmit={submit} noValidate aria-describedby={errors.form ? `${formId}-form-error` : undefined}>
        <div className="vitals-rows">
          <fieldset className="vital-row vital-row--bp" data-field="bloodPressure">
            <legend className="vital-row__legend">
              Blood pressure <span className="sr-only">in mmHg</span>
            </legend>
            <LastReading reading={latestByKind.get('bloodPressure')} />
            <div className="vital-row__pair">
              {renderInput('systolic', {
                onKeyDown: (event) => {
                  if (event.key === '/') {
                    event.preventDefault();
                    inputs.current.diastolic?.focus();
                  }
                },
              })}
              <span className="vital-row__slash" aria-hidden="true">
                /
              </span>
              {renderInput('diastolic')}
            </div>
          </fieldset>
          {(['heartRate', 'spo2', 'respiratoryRate', 'temperature', 'pain'] as const).map((field) => {
            const kind = VITAL_FIELDS[field].kind;
            return (
              <div key={field} className="vital-row" data-field={kind}>
                {renderInput(field)}
                <LastReading reading={latestByKind.get(kind)} />
                {field === 'spo2' ? (
                  <div className="vital-row__extra">
                    <label className="oxygen-toggle">
                      <input
                        type="checkbox"
                        name="onOxygen"
                        checked={draft.onOxygen}
                        disabled={disabledReason !== null}
                        onChange={(event) => {
                          const onOxygen = event.target.checked;
                          setDraft((current) => ({ ...current, onOxygen }));
                        }}
                        onKeyDown={submitOnEnter}
                      />
                      <span>On oxygen</span>
                    </label>
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>

        <div className="entry-vitals__footer">
          <div className={`taken-at${draftIsOld || draft.takenAt !== null ? ' taken-at--noted' : ''}${errors.takenAt ? ' taken-at--invalid' : ''}`}>
            {editingTime || draft.takenAt !== null || errors.takenAt ? (
              <>
                <label htmlFor={`${formId}-taken-at`} className="taken-at__label">
                  Taken at
                </label>
                <input
                  id={`${formId}-taken-at`}
                  className="taken-at__input"
                  type="time"
                  value={draft.takenAt ?? toTimeInputValue(takenDate)}
                  aria-invalid={errors.takenAt ? true : undefined}
                  aria-describedby={errors.takenAt ? `${formId}-taken-at-error` : undefined}
                  onChange={(event) => {
                    const takenAt = event.target.value;
                    setDraft((current) => ({ ...current, takenAt }));
                    setErrors(({ takenAt: _takenAt, ...rest }) => rest);
                  }}
                />
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setDraft((current) => ({ ...current, takenAt: null, startedAt: null }));
                    setEditingTime(false);
                    setErrors(({ takenAt: _takenAt, ...rest }) => rest);
                  }}
                >
                  Use current time
                </button>
                {errors.takenAt ? (
                  <span className="taken-at__error" id={`${formId}-taken-at-error`}>
                    {capitalize(errors.takenAt)}
                  </span>
                ) : null}
              </>
            ) : (
              <>
                <span className="taken-at__label">Taken at</span>
                <span className="taken-at__value">
                  {draft.startedAt ? toTimeInputValue(takenDate) : 'now'}
                  {draftIsOld ? (
                    <>
                      {' '}
                      (<RelativeTime iso={takenDate.toISOString()} />)
                    </>
                  ) : null}
                </span>
                <button type="button" className="link-button" onClick={() => setEditingTime(true)} disabled={disabledReason !== null}>
                  Change time
                </button>
                {draftIsOld ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setDraft((current) => ({ ...current, takenAt: null, startedAt: new Date().toISOString() }))}
                  >
                    Use current time
                  </button>
                ) : null}
              </>
            )}
          </div>
          <button type="submit" className="button button--primary entry-button entry-button--save" disabled={disabledReason !== null}>
            Save vitals <span className="kbd" aria-hidden="true">Enter</span>
          </button>
        </div>
        {errors.form ? (
          <p className="entry-form-error" id={`${formId}-form-error`} role="alert">
            {errors.form}
          </p>
        ) : null}
        <EntryStatusLine entry={savedEntry} />
        <p className="sr-only" aria-live="assertive">
          {announcement}
        </p>
      </form>

      {confirming ? (
        <ConfirmDialog
          title="Record readings outside the normal range?"
          confirmLabel="Record anyway"
          cancelLabel="Correct them"
          onConfirm={() => save(confirming)}
          onCancel={() => {
            const first = confirming.outOfNormal[0]?.field;
            setConfirming(null);
            if (first) focusField(first);
          }}
        >
          <p>Check these values before they go on the record. They will be flagged for the physician.</p>
          <ul className="out-of-range-list">
            {confirming.outOfNormal.map((item) => (
              <li key={item.field} className={`out-of-range-list__item out-of-range-list__item--${item.interpretation}`} data-out-of-range={item.field}>
                <span className="out-of-range-list__arrow" aria-hidden="true">
                  {item.interpretation === 'high' ? '▲' : '▼'}
                </span>
                <span className="out-of-range-list__what">
                  {item.label} <strong>{item.value}</strong> {item.unitLabel}
                </span>
                <span className="out-of-range-list__why">
                  {item.interpretation === 'high' ? 'High' : 'Low'}; normal {item.normal}
                </span>
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function LastReading({ reading }: { reading: Observation | undefined }) {
  if (!reading) return <p className="last-reading last-reading--none">No earlier reading</p>;
  return (
    <p className={`last-reading${reading.abnormal ? ' last-reading--abnormal' : ''}`} data-last-observation-id={reading.id}>
      <span className="last-reading__label">Last</span> <span className="last-reading__value">{formatObservationValue(reading)}</span>
      {reading.kind === 'spo2' && reading.onOxygen !== null ? <span> {reading.onOxygen ? 'on O₂' : 'on air'}</span> : null}
      <span aria-hidden="true"> · </span>
      <RelativeTime iso={reading.observedAt} className="last-reading__age" />
    </p>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
