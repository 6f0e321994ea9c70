import type { UcumUnit, VitalKind } from './catalogue.ts';
import { VITALS } from './catalogue.ts';

/**
 * Units a source may send for a kind, with the conversion to the catalogue's unit. A value that
 * arrives in another unit is converted once, at ingest; the original value and unit are kept.
 */
interface UnitConversion {
  unit: string;
  toCatalogue: (value: number) => number;
}

const identity = (value: number): number => value;

const roundTo = (value: number, places: number): number => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

const ALTERNATE_UNITS: Partial<Record<VitalKind, readonly UnitConversion[]>> = {
  temperature: [{ unit: '[degF]', toCatalogue: (f) => roundTo(((f - 32) * 5) / 9, 2) }],
  etco2: [{ unit: 'kPa', toCatalogue: (kpa) => roundTo(kpa * 7.50062, 1) }],
};

export function acceptedUnits(kind: VitalKind): string[] {
  return [VITALS[kind].unit, ...(ALTERNATE_UNITS[kind] ?? []).map((c) => c.unit)];
}

/** Returns the converter from `unit` to the catalogue unit of `kind`, or undefined if not accepted. */
export function unitConverter(
  kind: VitalKind,
  unit: string | undefined,
): ((value: number) => number) | undefined {
  const catalogueUnit: UcumUnit = VITALS[kind].unit;
  if (unit === undefined || unit === catalogueUnit) return identity;
  return ALTERNATE_UNITS[kind]?.find((c) => c.unit === unit)?.toCatalogue;
}
