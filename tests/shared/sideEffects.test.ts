import { describe, expect, it } from 'vitest';
import { sideEffectInputSchema } from '../../shared/schemas/sideEffect.ts';
import { SCALES, isScoreOnScale } from '../../shared/sideEffects/scales.ts';

const base = {
  id: '0b6f3a52-6a43-4a2e-9d6e-0a5d4d1a2b01',
  sessionId: '1c7e4b63-7b54-4b3f-8e7f-1b6e5e2b3c02',
  observedAt: '2026-11-22T10:00:00Z',
};

describe('side-effect notes and scales', () => {
  it('accepts a note with a scale that fits its kind', () => {
    expect(sideEffectInputSchema.safeParse({ ...base, kind: 'sedation', severity: 'moderate', scale: 'moaas', score: 3 }).success).toBe(true);
    expect(sideEffectInputSchema.safeParse({ ...base, kind: 'dissociation', severity: 'mild', scale: 'cadss6', score: 5 }).success).toBe(true);
    expect(sideEffectInputSchema.safeParse({ ...base, kind: 'nausea', severity: 'mild', scale: 'nrs', score: 3 }).success).toBe(true);
  });

  it('refuses a scale that is not for the kind, a score off the scale, or one without the other', () => {
    const wrongScale = sideEffectInputSchema.safeParse({ ...base, kind: 'nausea', severity: 'mild', scale: 'moaas', score: 3 });
    expect(wrongScale.error?.issues[0]?.path).toEqual(['scale']);
    const offScale = sideEffectInputSchema.safeParse({ ...base, kind: 'sedation', severity: 'mild', scale: 'moaas', score: 6 });
    expect(offScale.error?.issues[0]?.path).toEqual(['score']);
    const alone = sideEffectInputSchema.safeParse({ ...base, kind: 'sedation', severity: 'mild', score: 2 });
    expect(alone.error?.issues[0]?.path).toEqual(['scale']);
  });

  it('asks for a description of "other"', () => {
    const result = sideEffectInputSchema.safeParse({ ...base, kind: 'other', severity: 'mild' });
    expect(result.error?.issues[0]?.path).toEqual(['note']);
  });

  it('has anchors inside each scale and integer scores only', () => {
    for (const scale of Object.values(SCALES)) {
      for (const anchor of scale.anchors) {
        expect(anchor.score).toBeGreaterThanOrEqual(scale.min);
        expect(anchor.score).toBeLessThanOrEqual(scale.max);
      }
    }
    expect(isScoreOnScale('rass', -5)).toBe(true);
    expect(isScoreOnScale('rass', 2.5)).toBe(false);
    expect(SCALES.moaas.anchors.find((a) => a.score === 0)?.text).toMatch(/does not respond/i);
  });
});
