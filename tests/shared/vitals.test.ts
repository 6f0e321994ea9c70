import { describe, expect, it } from 'vitest';
import { observationInputSchema } from '../../shared/schemas/observation.ts';
import { VITALS, VITAL_KINDS } from '../../shared/vitals/catalogue.ts';
import { interpretObservation, isAbnormal } from '../../shared/vitals/interpretation.ts';
import { acceptedUnits, unitConverter } from '../../shared/vitals/units.ts';

const base = {
  id: '0b6f3a52-6a43-4a2e-9d6e-0a5d4d1a2b01',
  sessionId: '1c7e4b63-7b54-4b3f-8e7f-1b6e5e2b3c02',
  observedAt: '2026-11-22T10:00:00+01:00',
};

describe('vitals catalogue', () => {
  it('codes every kind with LOINC and an explicit UCUM unit, normal range inside the physiological one', () => {
    for (const kind of VITAL_KINDS) {
      const definition = VITALS[kind];
      expect(definition.unit).toMatch(/^(\/min|%|mm\[Hg\]|Cel|\{score\})$/);
      for (const component of definition.components) {
        expect(component.loinc).toMatch(/^\d+-\d$/);
        expect(component.physiological.low).toBeLessThanOrEqual(component.normal.low);
        expect(component.physiological.high).toBeGreaterThanOrEqual(component.normal.high);
      }
    }
    expect(VITALS.bloodPressure.panelLoinc).toBe('85354-9');
    expect(VITALS.bloodPressure.components.map((c) => c.loinc)).toEqual(['8480-6', '8462-4']);
    expect(VITALS.heartRate.components[0]?.mdc).toContain(147842);
    expect(VITALS.spo2.components[0]?.mdc).toContain(150456);
  });

  it('flags outside the normal range, per component', () => {
    expect(interpretObservation('heartRate', { value: 120 })).toEqual({ value: 'high' });
    expect(interpretObservation('heartRate', { value: 45 })).toEqual({ value: 'low' });
    expect(interpretObservation('heartRate', { value: 72 })).toEqual({ value: 'normal' });
    const bp = interpretObservation('bloodPressure', { systolic: 182, diastolic: 80 });
    expect(bp).toEqual({ systolic: 'high', diastolic: 'normal' });
    expect(isAbnormal(bp)).toBe(true);
    expect(isAbnormal(interpretObservation('spo2', { value: 98 }))).toBe(false);
  });

  it('flags exactly at the edges of the normal range as normal', () => {
    for (const kind of VITAL_KINDS) {
      for (const component of VITALS[kind].components) {
        const low = interpretObservation(kind, { [component.key]: component.normal.low });
        const high = interpretObservation(kind, { [component.key]: component.normal.high });
        expect(low[component.key]).toBe('normal');
        expect(high[component.key]).toBe('normal');
      }
    }
  });

  it('converts Fahrenheit and kPa to the catalogue unit and refuses unknown units', () => {
    expect(unitConverter('temperature', '[degF]')?.(98.6)).toBeCloseTo(37, 2);
    expect(unitConverter('etco2', 'kPa')?.(5.3)).toBeCloseTo(39.8, 1);
    expect(unitConverter('heartRate', 'Hz')).toBeUndefined();
    expect(acceptedUnits('temperature')).toEqual(['Cel', '[degF]']);
  });
});

describe('observation input schema', () => {
  it('accepts a value outside the normal range (it is flagged, not refused)', () => {
    expect(observationInputSchema.safeParse({ ...base, kind: 'heartRate', value: 140 }).success).toBe(true);
    expect(observationInputSchema.safeParse({ ...base, kind: 'bloodPressure', systolic: 190, diastolic: 112 }).success).toBe(true);
  });

  it('refuses a value outside the physiological range and names the field', () => {
    const result = observationInputSchema.safeParse({ ...base, kind: 'heartRate', value: 400 });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['value']);
    expect(issue?.message).toContain('physiological range 20–300');
  });

  it('checks each blood-pressure component and that diastolic is below systolic', () => {
    const high = observationInputSchema.safeParse({ ...base, kind: 'bloodPressure', systolic: 320, diastolic: 80 });
    expect(high.error?.issues.map((i) => i.path.join('.'))).toEqual(['systolic']);
    const inverted = observationInputSchema.safeParse({ ...base, kind: 'bloodPressure', systolic: 90, diastolic: 95 });
    expect(inverted.error?.issues.map((i) => i.path.join('.'))).toEqual(['diastolic']);
  });

  it('checks the range after unit conversion', () => {
    expect(observationInputSchema.safeParse({ ...base, kind: 'temperature', value: 98.6, unit: '[degF]' }).success).toBe(true);
    const refused = observationInputSchema.safeParse({ ...base, kind: 'temperature', value: 98.6 });
    expect(refused.error?.issues[0]?.path).toEqual(['value']);
    const badUnit = observationInputSchema.safeParse({ ...base, kind: 'heartRate', value: 70, unit: 'Hz' });
    expect(badUnit.error?.issues[0]?.path).toEqual(['unit']);
  });

  it('refuses unknown kinds, non-UUID ids, zone-less times and non-numbers', () => {
    expect(observationInputSchema.safeParse({ ...base, kind: 'glucose', value: 5 }).success).toBe(false);
    expect(observationInputSchema.safeParse({ ...base, id: 'abc', kind: 'heartRate', value: 70 }).success).toBe(false);
    expect(observationInputSchema.safeParse({ ...base, observedAt: '2026-11-22T10:00:00', kind: 'heartRate', value: 70 }).success).toBe(false);
    expect(observationInputSchema.safeParse({ ...base, kind: 'heartRate', value: '70' }).success).toBe(false);
    expect(observationInputSchema.safeParse({ ...base, kind: 'heartRate', value: Number.NaN }).success).toBe(false);
  });

  it('allows apnoea (RR 0) and refuses fractional pain scores', () => {
    expect(observationInputSchema.safeParse({ ...base, kind: 'respiratoryRate', value: 0 }).success).toBe(true);
    expect(observationInputSchema.safeParse({ ...base, kind: 'pain', value: 4.5 }).success).toBe(false);
  });
});
