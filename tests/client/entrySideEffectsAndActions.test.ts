import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { availableActions } from '../../client/src/features/entry/sessionActions.ts';
import {
  EMPTY_SIDE_EFFECT,
  type SideEffectDraft,
  anchorFor,
  chooseKind,
  evaluateSideEffect,
  formatScore,
  isPickList,
  scaleScores,
} from '../../client/src/features/entry/sideEffectForm.ts';
import { buildPatientInput, buildSessionInput, dosePreview, emptyScheduleDraft } from '../../client/src/features/schedule/scheduleForm.ts';
import { sideEffectInputSchema } from '../../shared/schemas/sideEffect.ts';
import { SCALES } from '../../shared/sideEffects/scales.ts';

const SESSION = '0d5b8e7e-3a4a-4c55-9f7b-6f0f9d1c2a10';
const NOW = new Date('2026-11-22T13:05:00.000Z');
const evaluate = (draft: SideEffectDraft) => evaluateSideEffect(draft, { sessionId: SESSION, now: NOW, newId: randomUUID });

describe('side-effect form', () => {
  it('offers the kind’s first scale when the kind is tapped', () => {
    expect(chooseKind(EMPTY_SIDE_EFFECT, 'dissociation').scale).toBe('cadss6');
    expect(chooseKind(EMPTY_SIDE_EFFECT, 'sedation').scale).toBe('moaas');
    expect(chooseKind(EMPTY_SIDE_EFFECT, 'vomiting').scale).toBeNull();
  });

  it('needs a kind and a severity', () => {
    expect(evaluate(EMPTY_SIDE_EFFECT).errors).toEqual({ kind: 'choose what the patient has', severity: 'choose how severe it is' });
  });

  it('builds a valid note with a score on the scale, and without one', () => {
    const scored = evaluate({ ...chooseKind(EMPTY_SIDE_EFFECT, 'dissociation'), severity: 'moderate', score: '8', note: '  floating  ' });
    expect(scored.errors).toEqual({});
    expect(scored.record).toMatchObject({ sessionId: SESSION, kind: 'dissociation', severity: 'moderate', scale: 'cadss6', score: 8, note: 'floating' });
    expect(sideEffectInputSchema.safeParse(scored.record).success).toBe(true);
    expect(scored.summary).toBe('Dissociation · Moderate · CADSS-6 8');

    const unscored = evaluate({ ...chooseKind(EMPTY_SIDE_EFFECT, 'nausea'), severity: 'mild' });
    expect(unscored.record).not.toHaveProperty('scale');
    expect(unscored.record).not.toHaveProperty('score');
  });

  it('refuses a score off the scale with the shared message', () => {
    const result = evaluate({ ...chooseKind(EMPTY_SIDE_EFFECT, 'dissociation'), severity: 'severe', score: '30' });
    expect(result.record).toBeNull();
    expect(result.errors).toEqual({ score: 'CADSS-6 (0–24) is a whole number from 0 to 24' });
    expect(evaluate({ ...chooseKind(EMPTY_SIDE_EFFECT, 'sedation'), scale: 'rass', severity: 'mild', score: '-2' }).record).toMatchObject({ scale: 'rass', score: -2 });
    expect(evaluate({ ...chooseKind(EMPTY_SIDE_EFFECT, 'sedation'), severity: 'mild', score: '2.5' }).errors).toEqual({ score: 'must be a whole number' });
  });

  it('asks for a note when the kind is "other"', () => {
    expect(evaluate({ ...chooseKind(EMPTY_SIDE_EFFECT, 'other'), severity: 'mild' }).errors).toEqual({ note: 'describe the side effect' });
  });

  it('lays the scales out with their anchors the way they are read', () => {
    expect(scaleScores(SCALES.rass)).toEqual([4, 3, 2, 1, 0, -1, -2, -3, -4, -5]);
    expect(scaleScores(SCALES.moaas)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(scaleScores(SCALES.nrs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(isPickList(SCALES.cadss6)).toBe(false);
    expect(isPickList(SCALES.rass)).toBe(true);
    expect(anchorFor(SCALES.nrs, 5)?.text).toBe('4–6 moderate (nausea ≥4: consider an antiemetic)');
    expect(anchorFor(SCALES.moaas, 0)?.text).toBe('Does not respond to painful trapezius squeeze');
    expect(anchorFor(SCALES.cadss6, 7)).toBeUndefined();
    expect(formatScore(SCALES.rass, 2)).toBe('+2');
    expect(formatScore(SCALES.nrs, 2)).toBe('2');
  });
});

describe('session actions', () => {
  const ids = (phase: Parameters<typeof availableActions>[0], roles: Parameters<typeof availableActions>[1] = ['nurse']) =>
    availableActions(phase, roles).map((action) => `${action.id}${action.irreversible ? '!' : ''}`);

  it('offers only what the phase allows, irreversible steps marked', () => {
    expect(ids('scheduled')).toEqual(['checkIn', 'abort!']);
    expect(ids('baseline')).toEqual(['started', 'medicationGiven', 'abort!']);
    expect(ids('infusing')).toEqual(['paused', 'stopped!', 'rateChanged', 'medicationGiven', 'abort!']);
    expect(ids('paused')).toEqual(['resumed', 'stopped!', 'rateChanged', 'medicationGiven', 'abort!']);
    expect(ids('recovery')).toEqual(['discharge!', 'medicationGiven', 'abort!']);
    expect(ids('discharged')).toEqual([]);
    expect(ids('aborted')).toEqual([]);
  });

  it('offers nothing to roles that may not change a session', () => {
    expect(ids('infusing', ['reviewer'])).toEqual([]);
    expect(ids('infusing', ['admin'])).toEqual([]);
    expect(ids('infusing', ['physician'])).toEqual(ids('infusing', ['nurse']));
  });
});

describe('scheduling form', () => {
  it('works the dose out from the patient’s weight with the shared arithmetic', () => {
    expect(dosePreview('0.5', '40', 70)).toEqual({ totalMg: 35, rateMgPerHour: 52.5 });
    expect(dosePreview('0,75', '', 82.4)).toEqual({ totalMg: 61.8, rateMgPerHour: null });
    expect(dosePreview('0.5', '40', undefined)).toBeNull();
    expect(dosePreview('abc', '40', 70)).toBeNull();
  });

  it('names every missing choice in words a nurse reads', () => {
    const { input, errors } = buildSessionInput(emptyScheduleDraft(), { newId: randomUUID, now: NOW });
    expect(input).toBeNull();
    expect(errors).toMatchObject({
      patientId: 'choose or add the patient',
      chairId: 'choose a chair',
      indication: 'choose the indication',
      nurseId: 'choose the nurse',
      physicianId: 'choose the physician',
    });
  });

  it('builds a request the shared schema accepts, with the dose limits enforced', () => {
    const draft = {
      ...emptyScheduleDraft(randomUUID(), randomUUID()),
      patientId: randomUUID(),
      chairId: randomUUID(),
      indication: 'treatmentResistantDepression' as const,
      startTime: '14:30',
    };
    const { input, errors } = buildSessionInput(draft, { newId: randomUUID, now: NOW });
    expect(errors).toEqual({});
    expect(input).toMatchObject({ doseMgPerKg: 0.5, plannedInfusionMinutes: 40 });
    expect(input?.scheduledFor).toMatch(/T14:30:00\.000[+-]\d{2}:\d{2}$/);
    expect(buildSessionInput({ ...draft, doseMgPerKg: '5' }, { newId: randomUUID, now: NOW }).errors).toEqual({ doseMgPerKg: 'must be at most 3 mg/kg' });
    expect(buildSessionInput({ ...draft, indication: 'other' }, { newId: randomUUID, now: NOW }).errors).toEqual({ indicationOther: 'name the indication' });
  });

  it('checks a new patient with the shared schema', () => {
    const ok = buildPatientInput({ mrn: 'MRN-1001', name: 'Ada Lovelace', dateOfBirth: '1980-02-03', weightKg: '68,5', allergies: 'latex; penicillin' }, randomUUID);
    expect(ok.errors).toEqual({});
    expect(ok.input).toMatchObject({ weightKg: 68.5, allergies: ['latex', 'penicillin'] });
    const bad = buildPatientInput({ mrn: '', name: 'X', dateOfBirth: '2999-01-01', weightKg: '5', allergies: '' }, randomUUID);
    expect(bad.errors).toEqual({ mrn: 'required', dateOfBirth: 'cannot be in the future', weightKg: 'must be at least 20 kg' });
  });
});
