import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftStore, draftKey } from '../../client/src/features/entry/draftStore.ts';
import { fromTimeInputValue, localIsoWithOffset } from '../../client/src/features/entry/localTime.ts';
import {
  type VitalsDraft,
  draftFromObservations,
  emptyVitalsDraft,
  evaluateVitals,
  fieldForIssuePath,
  isVitalsDraft,
  parseReading,
} from '../../client/src/features/entry/vitalsForm.ts';
import { MemoryStorage } from '../../client/src/offline/storage.ts';
import { observationInputSchema } from '../../shared/schemas/observation.ts';
import { isIsoDateTimeWithOffset } from '../../shared/time.ts';

const SESSION = '0d5b8e7e-3a4a-4c55-9f7b-6f0f9d1c2a10';
const NOW = new Date('2026-11-22T13:05:00.000Z');

function draft(values: Partial<VitalsDraft['values']>, extra: Partial<VitalsDraft> = {}): VitalsDraft {
  const empty = emptyVitalsDraft();
  return { ...empty, ...extra, values: { ...empty.values, ...values } };
}

const evaluate = (d: VitalsDraft, now = NOW) => evaluateVitals(d, { sessionId: SESSION, now, newId: randomUUID });

describe('vitals form', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('turns a full set into one batch, each reading with its own id and the local time with its offset', () => {
    process.env.TZ = 'Europe/Berlin';
    const result = evaluate(draft({ systolic: '128', diastolic: '82', heartRate: '76', spo2: '98', respiratoryRate: '16', temperature: '36,8', pain: '2' }));
    expect(result.errors).toEqual({});
    expect(result.outOfNormal).toEqual([]);
    expect(result.observations.map((o) => o.kind)).toEqual(['bloodPressure', 'heartRate', 'spo2', 'respiratoryRate', 'temperature', 'pain']);
    expect(new Set(result.observations.map((o) => o.id)).size).toBe(6);
    for (const observation of result.observations) {
      expect(observation.observedAt).toBe('2026-11-22T14:05:00.000+01:00');
      expect(observationInputSchema.safeParse(observation).success).toBe(true);
    }
    expect(result.observations[0]).toMatchObject({ kind: 'bloodPressure', systolic: 128, diastolic: 82, source: 'manual' });
    expect(result.observations.find((o) => o.kind === 'temperature')).toMatchObject({ value: 36.8 });
    expect(result.observations.find((o) => o.kind === 'spo2')).toMatchObject({ value: 98, onOxygen: false });
    expect(result.observations.find((o) => o.kind === 'heartRate')).not.toHaveProperty('onOxygen');
    expect(result.summary).toBe('BP 128/82 · HR 76 · SpO₂ 98 % on air · RR 16 · Temp 36.8 °C · Pain 2/10');
  });

  it('refuses a value outside the physiological range with the shared schema message, next to its field', () => {
    const result = evaluate(draft({ heartRate: '400', spo2: '97' }));
    expect(result.observations).toEqual([]);
    expect(result.errors).toEqual({ heartRate: 'Heart rate 400 bpm is outside the physiological range 20–300 bpm' });
  });

  it('puts blood-pressure refusals on the component that is wrong', () => {
    expect(evaluate(draft({ systolic: '350', diastolic: '80' })).errors).toEqual({
      systolic: 'Systolic BP 350 mmHg is outside the physiological range 40–300 mmHg',
    });
    expect(evaluate(draft({ systolic: '80', diastolic: '95' })).errors).toEqual({ diastolic: 'diastolic must be lower than systolic' });
    expect(evaluate(draft({ systolic: '120' })).errors).toEqual({ diastolic: 'enter the diastolic too' });
  });

  it('lists values outside the normal range for confirmation instead of refusing them', () => {
    const result = evaluate(draft({ systolic: '168', diastolic: '95', heartRate: '72', spo2: '93' }));
    expect(result.errors).toEqual({});
    expect(result.observations).toHaveLength(3);
    expect(result.outOfNormal).toEqual([
      { field: 'systolic', label: 'Systolic BP', value: '168', unitLabel: 'mmHg', interpretation: 'high', normal: '91–140 mmHg' },
      { field: 'diastolic', label: 'Diastolic BP', value: '95', unitLabel: 'mmHg', interpretation: 'high', normal: '50–90 mmHg' },
      { field: 'spo2', label: 'SpO₂', value: '93', unitLabel: '%', interpretation: 'low', normal: '96–100 %' },
    ]);
  });

  it('accepts a respiratory rate of 0 (apnoea must be charted) and refuses text and fractional pain', () => {
    expect(evaluate(draft({ respiratoryRate: '0' })).observations).toHaveLength(1);
    expect(evaluate(draft({ heartRate: '7x' })).errors).toEqual({ heartRate: 'must be a number' });
    expect(evaluate(draft({ pain: '2.5' })).errors).toEqual({ pain: 'pain is a whole number from 0 to 10' });
    expect(parseReading(' 36,6 ')).toBe(36.6);
    expect(parseReading('')).toBeNull();
    expect(parseReading('1e3')).toBe('invalid');
  });

  it('asks for at least one reading', () => {
    expect(evaluate(emptyVitalsDraft()).errors).toEqual({ form: 'Enter at least one reading' });
  });

  it('dates the readings when the nurse started typing, or the time she gives, never in the future', () => {
    const started = '2026-11-22T12:50:00.000Z';
    const fromDraft = evaluate(draft({ heartRate: '70' }, { startedAt: started }));
    expect(Date.parse(fromDraft.observations[0]?.observedAt ?? '')).toBe(Date.parse(started));

    process.env.TZ = 'UTC';
    const given = evaluate(draft({ heartRate: '70' }, { takenAt: '12:40' }));
    expect(given.observations[0]?.observedAt).toBe('2026-11-22T12:40:00.000+00:00');
    expect(evaluate(draft({ heartRate: '70' }, { takenAt: '13:30' })).errors).toEqual({ takenAt: 'cannot be in the future' });
    expect(evaluate(draft({ heartRate: '70' }, { takenAt: '25:00' })).errors).toEqual({ takenAt: 'enter a time as HH:MM' });
  });

  it('maps a server refusal path back to the field it is about', () => {
    const batch = evaluate(draft({ systolic: '120', diastolic: '80', heartRate: '70', spo2: '97' })).observations;
    expect(fieldForIssuePath('observations.0.diastolic', batch)).toBe('diastolic');
    expect(fieldForIssuePath('observations.0', batch)).toBe('systolic');
    expect(fieldForIssuePath('observations.1.value', batch)).toBe('heartRate');
    expect(fieldForIssuePath('observations.2.value', batch)).toBe('spo2');
    expect(fieldForIssuePath('observations.2.observedAt', batch)).toBe('takenAt');
    expect(fieldForIssuePath('observations.9.value', batch)).toBe('form');
    expect(fieldForIssuePath('sessionId', batch)).toBe('form');
  });

  it('puts a refused batch back into the form', () => {
    const batch = evaluate(draft({ systolic: '120', diastolic: '80', spo2: '94' }, { onOxygen: true })).observations;
    const restored = draftFromObservations(batch);
    expect(restored.values).toMatchObject({ systolic: '120', diastolic: '80', spo2: '94', heartRate: '' });
    expect(restored.onOxygen).toBe(true);
    expect(restored.startedAt).toBe(NOW.toISOString());
  });
});

describe('local time', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('writes the local wall-clock time with the offset, across time zones and DST', () => {
    process.env.TZ = 'America/New_York';
    expect(localIsoWithOffset(new Date('2026-07-01T16:00:00.000Z'))).toBe('2026-07-01T12:00:00.000-04:00');
    expect(localIsoWithOffset(new Date('2026-12-01T16:00:00.000Z'))).toBe('2026-12-01T11:00:00.000-05:00');
    process.env.TZ = 'Asia/Kolkata';
    const text = localIsoWithOffset(new Date('2026-12-01T16:00:00.000Z'));
    expect(text).toBe('2026-12-01T21:30:00.000+05:30');
    expect(isIsoDateTimeWithOffset(text)).toBe(true);
  });

  it('reads a time field as today at that time', () => {
    process.env.TZ = 'UTC';
    expect(fromTimeInputValue('09:15', NOW)?.toISOString()).toBe('2026-11-22T09:15:00.000Z');
    expect(fromTimeInputValue('9:15', NOW)).toBeNull();
  });
});

describe('drafts', () => {
  it('keeps a draft per user and session, survives a new store over the same storage, and forgets bad data', () => {
    const storage = new MemoryStorage();
    const key = draftKey('user-1', SESSION, 'vitals');
    const unfinished = draft({ systolic: '131', diastolic: '' }, { startedAt: NOW.toISOString() });
    new DraftStore(storage).save(key, unfinished, NOW);

    const afterReload = new DraftStore(storage).load(key, isVitalsDraft);
    expect(afterReload).toEqual({ savedAt: NOW.toISOString(), draft: unfinished });
    expect(new DraftStore(storage).load(draftKey('user-2', SESSION, 'vitals'), isVitalsDraft)).toBeNull();

    storage.setItem(key, JSON.stringify({ savedAt: 'x', draft: { values: { systolic: 1 } } }));
    expect(new DraftStore(storage).load(key, isVitalsDraft)).toBeNull();
    storage.setItem(key, '{');
    expect(new DraftStore(storage).load(key, isVitalsDraft)).toBeNull();

    new DraftStore(storage).clear(key);
    expect(storage.getItem(key)).toBeNull();
  });
});
