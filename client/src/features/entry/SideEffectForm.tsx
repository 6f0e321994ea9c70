import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { SideEffectNote } from '../../../../shared/schemas/sideEffect.ts';
import { SEVERITIES, SEVERITY_LABELS, SEVERITY_RANK, SIDE_EFFECTS, SIDE_EFFECT_KINDS, type Severity } from '../../../../shared/sideEffects/catalogue.ts';
import { SCALES, type ScaleDefinition } from '../../../../shared/sideEffects/scales.ts';
import { SeverityBadge } from '../../clinical/SeverityBadge.tsx';
import { newId } from '../../offline/ids.ts';
import { useOutbox, useOutboxState } from '../../offline/useOutbox.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { DraftStore, draftKey } from './draftStore.ts';
import { EntryStatusLine } from './EntryStatusLine.tsx';
import {
  EMPTY_SIDE_EFFECT,
  type SideEffectDraft,
  type SideEffectErrors,
  anchorFor,
  chooseKind,
  evaluateSideEffect,
  formatScore,
  isPickList,
  isSideEffectDraft,
  isSideEffectDraftEmpty,
  scaleScores,
  shortScaleName,
} from './sideEffectForm.ts';

interface SideEffectFormProps {
  sessionId: string;
  userId: string;
  latest: SideEffectNote | null;
  disabledReason: string | null;
}

const drafts = new DraftStore();

/**
 * A side-effect note in a few taps: the kind (one tap), how severe, optionally a score on the
 * kind's scale — picked from the scale's anchors, or typed with the anchors beside it — and a note.
 */
export function SideEffectForm({ sessionId, userId, latest, disabledReason }: SideEffectFormProps) {
  const outbox = useOutbox();
  const { entries } = useOutboxState();
  const key = draftKey(userId, sessionId, 'sideEffect');
  const [draft, setDraft] = useState<SideEffectDraft>(() => drafts.load(key, isSideEffectDraft)?.draft ?? EMPTY_SIDE_EFFECT);
  const [errors, setErrors] = useState<SideEffectErrors>({});
  const [savedEntryId, setSavedEntryId] = useState<string | null>(null);
  const id = useId();
  const firstKind = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (isSideEffectDraftEmpty(draft)) drafts.clear(key);
    else drafts.save(key, draft, new Date());
  }, [draft, key]);

  const update = (patch: Partial<SideEffectDraft>, clear: readonly (keyof SideEffectErrors)[]) => {
    setDraft((current) => ({ ...current, ...patch }));
    setErrors((current) => {
      const next = { ...current };
      for (const field of [...clear, 'form' as const]) delete next[field];
      return next;
    });
  };

  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (disabledReason) return;
    const evaluation = evaluateSideEffect(draft, { sessionId, now: new Date(), newId });
    if (!evaluation.record) {
      setErrors(evaluation.errors);
      const problems = Object.keys(evaluation.errors).length;
      setAnnouncement(`Not saved: ${problems === 1 ? 'one answer needs' : `${problems} answers need`} attention`);
      // To the first question that needs an answer.
      const first = (['kind', 'severity', 'scale', 'score', 'note'] as const).find((key) => evaluation.errors[key]);
      const target = first === 'note' ? `#${CSS.escape(`${id}-note`)}` : first ? `[data-question="${first}"] input` : null;
      if (target) setTimeout(() => formRef.current?.querySelector<HTMLElement>(target)?.focus(), 0);
      return;
    }
    // The status line under the button announces the save and then its delivery.
    setAnnouncement('');
    const entry = outbox.enqueue({ type: 'sideEffects', records: [evaluation.record], sessionId, summary: evaluation.summary });
    setSavedEntryId(entry.id);
    setDraft(EMPTY_SIDE_EFFECT);
    setErrors({});
    drafts.clear(key);
    setTimeout(() => firstKind.current?.focus(), 0);
  };

  const kind = draft.kind ? SIDE_EFFECTS[draft.kind] : null;
  const scale = draft.scale ? SCALES[draft.scale] : null;
  const savedEntry = savedEntryId ? entries.find((entry) => entry.id === savedEntryId) : undefined;

  const submitOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section className="entry-card entry-side-effects" aria-labelledby={`${id}-title`}>
      <div className="entry-card__head">
        <h2 className="entry-card__title" id={`${id}-title`}>
          Side effects
        </h2>
        <LastSideEffect note={latest} />
      </div>
      {disabledReason ? <p className="entry-notice">{disabledReason}</p> : null}
      <form ref={formRef} className="side-effect-form" onSubmit={submit} noValidate>
        <fieldset
          className="choice-group"
          data-question="kind"
          aria-describedby={errors.kind ? `${id}-kind-error` : undefined}
          disabled={disabledReason !== null}
        >
          <legend className="choice-group__legend">What does the patient have?</legend>
          <div className="kind-grid">
            {SIDE_EFFECT_KINDS.map((candidate, index) => (
              <label key={candidate} className="choice-tile" data-kind={candidate}>
                <input
                  ref={index === 0 ? firstKind : undefined}
                  type="radio"
                  name={`${id}-kind`}
                  value={candidate}
                  checked={draft.kind === candidate}
                  onChange={() => {
                    setDraft((current) => chooseKind(current, candidate));
                    setErrors({});
                  }}
                />
                <span className="choice-tile__text">{SIDE_EFFECTS[candidate].label}</span>
              </label>
            ))}
          </div>
          {errors.kind ? <FieldError id={`${id}-kind-error`} message={errors.kind} /> : null}
        </fieldset>

        {kind ? (
          <div className="side-effect-form__details">
            <fieldset className="choice-group" data-question="severity" aria-describedby={errors.severity ? `${id}-severity-error` : undefined}>
              <legend className="choice-group__legend">How severe?</legend>
              <div className="severity-choices">
                {SEVERITIES.map((severity) => (
                  <label key={severity} className={`choice-tile choice-tile--severity choice-tile--${severity}`}>
                    <input
                      type="radio"
                      name={`${id}-severity`}
                      value={severity}
                      checked={draft.severity === severity}
                      onChange={() => update({ severity }, ['severity'])}
                    />
                    <span className="choice-tile__text">
                      <SeverityPips severity={severity} />
                      {SEVERITY_LABELS[severity]}
                    </span>
                  </label>
                ))}
              </div>
              {errors.severity ? <FieldError id={`${id}-severity-error`} message={errors.severity} /> : null}
            </fieldset>

            {kind.scales.length > 0 ? (
              <div className="scale-entry">
                {kind.scales.length > 1 ? (
                  <fieldset className="choice-group">
                    <legend className="choice-group__legend">Scale</legend>
                    <div className="scale-choices">
                      {kind.scales.map((scaleId) => (
                        <label key={scaleId} className="choice-tile choice-tile--compact">
                          <input
                            type="radio"
                            name={`${id}-scale`}
                            value={scaleId}
                            checked={draft.scale === scaleId}
                            onChange={() => update({ scale: scaleId, score: '' }, ['scale', 'score'])}
                          />
                          <span className="choice-tile__text">{SCALES[scaleId].name}</span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                ) : null}
                {scale ? (
                  <ScoreInput
                    scale={scale}
                    score={draft.score}
                    error={errors.score ?? errors.scale}
                    idPrefix={id}
                    onChange={(score) => {
                      const patch: Partial<SideEffectDraft> = { score };
                      // A nausea or pain score says how severe it is; suggest it if not chosen yet.
                      const suggested = scale.id === 'nrs' && draft.severity === null ? severityForNrs(score) : null;
                      if (suggested) patch.severity = suggested;
                      update(patch, ['score', 'scale', ...(suggested ? (['severity'] as const) : [])]);
                    }}
                  />
                ) : null}
              </div>
            ) : null}

            <div className="note-field">
              <label className="note-field__label" htmlFor={`${id}-note`}>
                Note{draft.kind === 'other' ? '' : ' (optional)'}
              </label>
              <textarea
                id={`${id}-note`}
                className="note-field__input"
                rows={2}
                value={draft.note}
                maxLength={2000}
                aria-invalid={errors.note ? true : undefined}
                aria-describedby={errors.note ? `${id}-note-error` : `${id}-note-hint`}
                onChange={(event) => update({ note: event.target.value }, ['note'])}
                onKeyDown={submitOnCtrlEnter}
              />
              {errors.note ? (
                <FieldError id={`${id}-note-error`} message={errors.note} />
              ) : (
                <p className="note-field__hint" id={`${id}-note-hint`}>
                  <kbd>Ctrl</kbd> + <kbd>Enter</kbd> saves from here
                </p>
              )}
            </div>

            <div className="side-effect-form__footer">
              <button
                type="button"
                className="button entry-button"
                onClick={() => {
                  setDraft(EMPTY_SIDE_EFFECT);
                  setErrors({});
                }}
              >
                Clear
              </button>
              <button type="submit" className="button button--primary entry-button entry-button--save">
                Save side effect
              </button>
            </div>
            {errors.form ? (
              <p className="entry-form-error" role="alert">
                {errors.form}
              </p>
            ) : null}
          </div>
        ) : null}
        <EntryStatusLine entry={savedEntry} />
        <p className="sr-only" aria-live="assertive">
          {announcement}
        </p>
      </form>
    </section>
  );
}

interface ScoreInputProps {
  scale: ScaleDefinition;
  score: string;
  error: string | undefined;
  idPrefix: string;
  onChange: (score: string) => void;
}

/** The score where the anchors are: short scales as a list of anchored choices, long ones typed. */
function ScoreInput({ scale, score, error, idPrefix, onChange }: ScoreInputProps) {
  const errorId = `${idPrefix}-score-error`;
  const numeric = score.trim() === '' ? null : Number(score);
  if (isPickList(scale)) {
    return (
      <fieldset className="choice-group score-picker" data-scale={scale.id} data-question="score" aria-describedby={error ? errorId : undefined}>
        <legend className="choice-group__legend">
          {scale.name} score <span className="choice-group__optional">(optional)</span>
        </legend>
        <div className={`score-list score-list--${scale.anchors.length === scale.max - scale.min + 1 ? 'anchored' : 'banded'}`}>
          {scaleScores(scale).map((value) => {
            const anchor = scale.anchors.find((candidate) => candidate.score === value);
            return (
              <label key={value} className="score-option">
                <input type="radio" name={`${idPrefix}-score`} value={value} checked={numeric === value} onChange={() => onChange(String(value))} />
                <span className="score-option__score">{formatScore(scale, value)}</span>{' '}
                {anchor ? <span className="score-option__anchor">{anchor.text}</span> : null}
              </label>
            );
          })}
        </div>
        {numeric !== null && scale.id === 'nrs' ? (
          <p className="score-picker__meaning" aria-live="polite">
            {formatScore(scale, numeric)}: {anchorFor(scale, numeric)?.text}
          </p>
        ) : null}
        {score !== '' ? (
          <button type="button" className="link-button" onClick={() => onChange('')}>
            Clear score
          </button>
        ) : null}
        {error ? <FieldError id={errorId} message={error} /> : null}
      </fieldset>
    );
  }
  const inputId = `${idPrefix}-score`;
  const anchorsId = `${idPrefix}-anchors`;
  return (
    <div className="score-typed" data-scale={scale.id} data-question="score">
      <div className="score-typed__field">
        <label className="choice-group__legend" htmlFor={inputId}>
          {shortScaleName(scale)} total <span className="choice-group__optional">(optional)</span>
        </label>
        <input
          id={inputId}
          className="score-typed__input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={score}
          aria-invalid={error ? true : undefined}
          aria-describedby={[anchorsId, error ? errorId : null].filter(Boolean).join(' ')}
          onChange={(event) => onChange(event.target.value)}
        />
        <span className="score-typed__range">
          {scale.min}–{scale.max}
        </span>
      </div>
      <ul className="anchor-list" id={anchorsId} aria-label={`${scale.name} anchors`}>
        {scale.anchors.map((anchor) => (
          <li key={anchor.score} className={numeric === anchor.score ? 'anchor-list__item anchor-list__item--current' : 'anchor-list__item'}>
            <span className="anchor-list__score">{formatScore(scale, anchor.score)}</span> {anchor.text}
          </li>
        ))}
      </ul>
      {error ? <FieldError id={errorId} message={error} /> : null}
    </div>
  );
}

/** The latest note, in the same "Last …" voice as the vitals. */
function LastSideEffect({ note }: { note: SideEffectNote | null }) {
  if (!note) return <p className="last-reading last-reading--none">None recorded yet</p>;
  return (
    <p className="last-reading last-side-effect" data-last-side-effect-id={note.id}>
      <span className="last-reading__label">Last</span> <span className="last-reading__value">{SIDE_EFFECTS[note.kind].label}</span>{' '}
      <SeverityBadge severity={note.severity} />
      {note.scale !== null && note.score !== null ? (
        <span>
          {' '}
          · {shortScaleName(SCALES[note.scale])} {formatScore(SCALES[note.scale], note.score)}
        </span>
      ) : null}
      <span aria-hidden="true"> · </span>
      <RelativeTime iso={note.observedAt} />
    </p>
  );
}

function severityForNrs(score: string): Severity | null {
  if (!/^\d+$/.test(score.trim())) return null;
  const value = Number(score);
  if (value === 0) return 'none';
  if (value <= 3) return 'mild';
  if (value <= 6) return 'moderate';
  if (value <= 10) return 'severe';
  return null;
}

function SeverityPips({ severity }: { severity: Severity }) {
  const rank = SEVERITY_RANK[severity];
  return (
    <span className={`severity severity--${severity} choice-tile__pips`} aria-hidden="true">
      <span className="severity__pips">
        {[1, 2, 3].map((pip) => (
          <span key={pip} className={pip <= rank ? 'severity__pip severity__pip--on' : 'severity__pip'} />
        ))}
      </span>
    </span>
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

