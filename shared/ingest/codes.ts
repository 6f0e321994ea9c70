/**
 * What a device's codes mean in the catalogue's terms. Parameter codes come from the catalogue's
 * own `loinc` and `mdc` fields (keyed on the numeric MDC code, never on the text label, which
 * varies between vendors); units are turned into UCUM and then checked against the units the
 * catalogue accepts for the kind.
 */
import { VITALS, VITAL_KINDS, type VitalKind } from '../vitals/catalogue.ts';
import { unitConverter } from '../vitals/units.ts';

export type ComponentKey = 'value' | 'systolic' | 'diastolic';

export interface CodeTarget {
  kind: VitalKind;
  key: ComponentKey;
  /** `MDC:150456` or `LN:59408-5`: the code that matched, for ids and messages. */
  code: string;
}

export const LOINC_SYSTEM = 'http://loinc.org';
export const MDC_SYSTEM = 'urn:iso:std:iso:11073:10101';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/** The blood-pressure panel whose components carry systolic and diastolic. */
export const BP_PANEL_LOINC = VITALS.bloodPressure.panelLoinc ?? '85354-9';

/**
 * LOINC codes the catalogue does not list but ../clinical reference §5.1 verifies for a kind:
 * US Core's pulse-oximetry profile codes SpO2 as 2708-6 and 59408-5.
 */
const EXTRA_LOINC: Readonly<Record<string, { kind: VitalKind; key: ComponentKey }>> = {
  '2708-6': { kind: 'spo2', key: 'value' },
};

const byMdc = new Map<number, CodeTarget>();
const byLoinc = new Map<string, CodeTarget>();
for (const kind of VITAL_KINDS) {
  for (const component of VITALS[kind].components) {
    for (const mdc of component.mdc) byMdc.set(mdc, { kind, key: component.key, code: `MDC:${mdc}` });
    byLoinc.set(component.loinc, { kind, key: component.key, code: `LN:${component.loinc}` });
  }
}
for (const [loinc, target] of Object.entries(EXTRA_LOINC)) byLoinc.set(loinc, { ...target, code: `LN:${loinc}` });

export function targetForMdc(code: string): CodeTarget | undefined {
  if (!/^\d{1,9}$/.test(code.trim())) return undefined;
  return byMdc.get(Number(code.trim()));
}

export function targetForLoinc(code: string): CodeTarget | undefined {
  return byLoinc.get(code.trim());
}

/** A coded value as HL7 CWE triplets or FHIR codings carry it. */
export interface Coding {
  code: string;
  display: string;
  system: string;
}

const isMdcSystem = (system: string): boolean => /^(MDC|urn:iso:std:iso:11073:10101)$/i.test(system.trim());
const isLoincSystem = (system: string): boolean => /^(LN|LOINC|http:\/\/loinc\.org)$/i.test(system.trim());

/** The first coding the catalogue knows (HL7: primary triplet, then the alternate; FHIR: in order). */
export function targetForCodings(codings: readonly Coding[]): CodeTarget | undefined {
  for (const coding of codings) {
    if (isMdcSystem(coding.system) || (coding.system === '' && /^MDC_/.test(coding.display))) {
      const target = targetForMdc(coding.code);
      if (target) return target;
    } else if (isLoincSystem(coding.system)) {
      const target = targetForLoinc(coding.code);
      if (target) return target;
    }
  }
  return undefined;
}

/** How a coding reads in a message: `150456^MDC_PULS_OXIM_SAT_O2^MDC`. */
export function describeCodings(codings: readonly Coding[]): string {
  const first = codings.find((c) => c.code || c.display);
  if (!first) return '(no code)';
  return [first.code, first.display, first.system].filter((p) => p !== '').join('^');
}

/**
 * MDC unit codes (partition 4: 262144 + term code) and their REFIDs, as ../clinical reference §5.2
 * lists them. MDC_DIM_FAHR is 266560 by that arithmetic (term code 4416) and in the Continua
 * thermometer sample; §5.2 notes one source with 268160, so the REFID is accepted as well, and a
 * code that names one unit while the REFID names another is refused.
 */
const MDC_UNITS: ReadonlyArray<{ code: number; refid: string; ucum: string }> = [
  { code: 262688, refid: 'MDC_DIM_PERCENT', ucum: '%' },
  { code: 264864, refid: 'MDC_DIM_BEAT_PER_MIN', ucum: '/min' },
  { code: 264928, refid: 'MDC_DIM_RESP_PER_MIN', ucum: '/min' },
  { code: 266016, refid: 'MDC_DIM_MMHG', ucum: 'mm[Hg]' },
  { code: 268192, refid: 'MDC_DIM_DEGC', ucum: 'Cel' },
  { code: 266560, refid: 'MDC_DIM_FAHR', ucum: '[degF]' },
];

/** UCUM codes and the free-text spellings exports use, to UCUM. Keys are compared case-sensitively. */
const UNIT_TEXT: Readonly<Record<string, string>> = {
  '%': '%',
  '/min': '/min',
  '{beats}/min': '/min',
  '{beat}/min': '/min',
  '{breaths}/min': '/min',
  '{breath}/min': '/min',
  bpm: '/min',
  BPM: '/min',
  'beats/min': '/min',
  'beats/minute': '/min',
  'breaths/min': '/min',
  'breaths/minute': '/min',
  rpm: '/min',
  'br/min': '/min',
  'mm[Hg]': 'mm[Hg]',
  mmHg: 'mm[Hg]',
  'mm Hg': 'mm[Hg]',
  mmhg: 'mm[Hg]',
  Cel: 'Cel',
  '°C': 'Cel',
  degC: 'Cel',
  '[degF]': '[degF]',
  '°F': '[degF]',
  degF: '[degF]',
  kPa: 'kPa',
  '{score}': '{score}',
};

export type UnitResult = { ok: true; ucum: string | undefined } | { ok: false; message: string };

/**
 * The UCUM unit of an HL7 OBX-6 (CWE: code^text^system). An empty unit is `undefined`; callers
 * decide whether the kind's own unit may be assumed.
 */
export function unitFromCodings(codings: readonly Coding[]): UnitResult {
  const first = codings.find((c) => c.code.trim() || c.display.trim());
  if (!first) return { ok: true, ucum: undefined };
  const code = first.code.trim();
  const text = first.display.trim();
  const system = first.system.trim();
  if (isMdcSystem(system) || /^MDC_DIM_/.test(text) || /^MDC_DIM_/.test(code)) {
    const byCode = /^\d+$/.test(code) ? MDC_UNITS.find((u) => u.code === Number(code)) : undefined;
    const byRefid = MDC_UNITS.find((u) => u.refid === text || u.refid === code);
    if (byCode && byRefid && byCode.ucum !== byRefid.ucum) {
      return { ok: false, message: `unit ${describeCodings([first])}: code and name disagree` };
    }
    const unit = byCode ?? byRefid;
    return unit ? { ok: true, ucum: unit.ucum } : { ok: false, message: `unit ${describeCodings([first])} is not known` };
  }
  for (const candidate of [code, text]) {
    const ucum = candidate ? UNIT_TEXT[candidate] : undefined;
    if (ucum) return { ok: true, ucum };
  }
  return { ok: false, message: `unit ${describeCodings([first])} is not known` };
}

/** A unit given as plain text (a CSV column's unit, FHIR `valueQuantity.code`). */
export function unitFromText(text: string | undefined): UnitResult {
  if (text === undefined || text.trim() === '') return { ok: true, ucum: undefined };
  const ucum = UNIT_TEXT[text.trim()];
  return ucum ? { ok: true, ucum } : { ok: false, message: `unit ${text.trim()} is not known` };
}

/**
 * Whether a kind can take a value in `ucum`. With no unit at all, the catalogue unit is assumed
 * only where no other unit is accepted for the kind (so a bare 98.6 is never read as °C).
 */
export function unitAccepted(kind: VitalKind, ucum: string | undefined): { ok: true; unit: string } | { ok: false; message: string } {
  if (ucum === undefined) {
    const alternates = unitConverter(kind, '[degF]') || unitConverter(kind, 'kPa');
    return alternates
      ? { ok: false, message: `${VITALS[kind].label} came with no unit; it can be sent in more than one unit` }
      : { ok: true, unit: VITALS[kind].unit };
  }
  return unitConverter(kind, ucum)
    ? { ok: true, unit: ucum }
    : { ok: false, message: `unit ${ucum} is not accepted for ${VITALS[kind].label}` };
}
