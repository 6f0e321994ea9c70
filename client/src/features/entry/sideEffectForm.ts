import { type SideEffectInput, sideEffectInputSchema } from '../../../../shared/schemas/sideEffect.ts';
import {
  SEVERITIES,
  SEVERITY_LABELS,
  SIDE_EFFECTS,
  SIDE_EFFECT_KINDS,
  type Severity,
  type SideEffectKind,
} from '../../../../shared/sideEffects/catalogue.ts';
import { SCALES, SCALE_IDS, type ScaleAnchor, type ScaleDefinition, type ScaleId } from '../../../../shared/sideEffects/scales.ts';
import { localIsoWithOffset } from './localTime.ts';

/** The side-effect note as pure functions: kind, severity, an optional score on a scale, a note. */

export interface SideEffectDraft {
  kind: SideEffectKind | null;
  severity: Severity | null;
  /** The scale the score is on; the kind's first scale unless the nurse picks another. */
  scale: ScaleId | null;
  score: string;
  note: string;
}

export const EMPTY_SIDE_EFFECT: SideEffectDraft = { kind: null, severity: null, scale: null, score: '', note: '' };

/** Picking a kind starts a fresh note on that kind, offering its first scale. */
export function chooseKind(draft: SideEffectDraft, kind: SideEffectKind): SideEffectDraft {
  if (draft.kind === kind) return draft;
  return { ...draft, kind, scale: SIDE_EFFECTS[kind].scales[0] ?? null, score: '' };
}

export type SideEffectErrorKey = 'kind' | 'severity' | 'scale' | 'score' | 'note' | 'form';
export type SideEffectErrors = Partial<Record<SideEffectErrorKey, string>>;

export interface SideEffectEvaluation {
  record: SideEffectInput | null;
  errors: SideEffectErrors;
  summary: string;
}

export function evaluateSideEffect(draft: SideEffectDraft, options: { sessionId: string; now: Date; newId: () => string }): SideEffectEvaluation {
  const errors: SideEffectErrors = {};
  if (!draft.kind) errors.kind = 'choose what the patient has';
  if (!draft.severity) errors.severity = 'choose how severe it is';
  const scoreText = draft.score.trim();
  let score: number | undefined;
  if (scoreText !== '') {
    const parsed = Number(scoreText.replace('−', '-'));
    if (!/^[+\-−]?\d+$/.test(scoreText) || !Number.isFinite(parsed)) errors.score = 'must be a whole number';
    else score = parsed;
  }
  const scale = score !== undefined && draft.scale ? draft.scale : undefined;
  if (score !== undefined && !draft.scale) errors.scale = 'choose the scale of this score';
  const note = draft.note.trim();
  if (!draft.kind || !draft.severity) return { record: null, errors, summary: '' };

  const record: SideEffectInput = {
    id: options.newId(),
    sessionId: options.sessionId,
    kind: draft.kind,
    severity: draft.severity,
    observedAt: localIsoWithOffset(options.now),
    ...(scale !== undefined && score !== undefined ? { scale, score } : {}),
    ...(note ? { note } : {}),
  };
  const parsed = sideEffectInputSchema.safeParse(record);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? '');
      const key: SideEffectErrorKey = path === 'scale' || path === 'score' || path === 'note' || path === 'severity' || path === 'kind' ? path : 'form';
      errors[key] ??= issue.message;
    }
  }
  const hasErrors = Object.keys(errors).length > 0;
  return { record: hasErrors ? null : record, errors, summary: summarizeSideEffect(record) };
}

/** "Dissociation · Moderate · CADSS-6 8". */
export function summarizeSideEffect(record: Pick<SideEffectInput, 'kind' | 'severity' | 'scale' | 'score'>): string {
  const parts = [SIDE_EFFECTS[record.kind].label, SEVERITY_LABELS[record.severity]];
  if (record.scale !== undefined && record.score !== undefined) parts.push(`${shortScaleName(SCALES[record.scale])} ${record.score}`);
  return parts.join(' · ');
}

/** "CADSS-6", "NRS", "MOAA/S": the scale's name without its range. */
export function shortScaleName(scale: ScaleDefinition): string {
  if (scale.id === 'nrs') return 'NRS';
  return scale.name.replace(/\s*\(.*\)\s*$/, '');
}

/** Scales with few points are picked from a list of their anchors; long ones are typed. */
export function isPickList(scale: ScaleDefinition): boolean {
  return scale.max - scale.min <= 10;
}

/** Scores from the top (best-to-worst as the scale is usually read), e.g. RASS +4 … −5. */
export function scaleScores(scale: ScaleDefinition): number[] {
  const scores: number[] = [];
  for (let score = scale.max; score >= scale.min; score--) scores.push(score);
  return scale.higherIsWorse ? scores.reverse() : scores;
}

/** The anchor that describes this score: its own, or the band it falls in on a banded scale (NRS). */
export function anchorFor(scale: ScaleDefinition, score: number): ScaleAnchor | undefined {
  const exact = scale.anchors.find((anchor) => anchor.score === score);
  if (exact) return exact;
  if (scale.id !== 'nrs') return undefined;
  return [...scale.anchors].sort((a, b) => b.score - a.score).find((anchor) => anchor.score <= score);
}

/** "+2" for RASS, where the sign matters; plain numbers elsewhere. */
export function formatScore(scale: ScaleDefinition, score: number): string {
  return scale.min < 0 && score > 0 ? `+${score}` : String(score);
}

/** A stored draft this version can read. */
export function isSideEffectDraft(value: unknown): value is SideEffectDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Partial<SideEffectDraft>;
  return (
    (draft.kind === null || (SIDE_EFFECT_KINDS as readonly unknown[]).includes(draft.kind)) &&
    (draft.severity === null || (SEVERITIES as readonly unknown[]).includes(draft.severity)) &&
    (draft.scale === null || (SCALE_IDS as readonly unknown[]).includes(draft.scale)) &&
    typeof draft.score === 'string' &&
    typeof draft.note === 'string'
  );
}

export function isSideEffectDraftEmpty(draft: SideEffectDraft): boolean {
  return draft.kind === null && draft.severity === null && draft.score.trim() === '' && draft.note.trim() === '';
}
