import Papa from 'papaparse';
import type { CsvMappingInput } from '../../../../shared/ingest/csv.ts';
import { VITALS, type VitalKind } from '../../../../shared/vitals/catalogue.ts';

/** What one CSV column is: nothing, the time, or a vital (blood pressure by its part). */
export type ColumnRole = '' | `${VitalKind}` | `bloodPressure:${'systolic' | 'diastolic' | 'pair'}`;

export interface ColumnChoice {
  role: ColumnRole;
  unit: string;
}

export const ROLE_OPTIONS: ReadonlyArray<{ value: ColumnRole; label: string }> = [
  { value: '', label: 'Not imported' },
  ...(Object.keys(VITALS) as VitalKind[]).flatMap((kind): Array<{ value: ColumnRole; label: string }> =>
    kind === 'bloodPressure'
      ? [
          { value: 'bloodPressure:systolic', label: 'Blood pressure — systolic' },
          { value: 'bloodPressure:diastolic', label: 'Blood pressure — diastolic' },
          { value: 'bloodPressure:pair', label: 'Blood pressure — 120/80 pair' },
        ]
      : [{ value: kind, label: VITALS[kind].label }],
  ),
];

/** The header line of a trend export: the first of its opening lines with the most named cells. */
export function readHeader(text: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { preview: 40, skipEmptyLines: true });
  const rows = parsed.data.filter(Array.isArray).map((r) => r.map((c) => String(c ?? '').trim()));
  const named = (r: string[]) => r.filter((c) => c !== '' && !/^[+-]?[\d.:/\s-]+%?$/.test(c)).length;
  let best: string[] = [];
  for (const row of rows) if (named(row) > named(best) && named(row) === row.filter((c) => c !== '').length) best = row;
  return best.filter((c) => c !== '');
}

/** A first guess from the column's name, for a device model nobody has mapped yet. */
export function guessRole(name: string): ColumnChoice {
  const n = name.toLowerCase();
  const unit = /\(f\)|°f|degf/.test(n) ? '°F' : /\(c\)|°c/.test(n) ? 'Cel' : '';
  if (/sys/.test(n)) return { role: 'bloodPressure:systolic', unit: 'mmHg' };
  if (/dia/.test(n)) return { role: 'bloodPressure:diastolic', unit: 'mmHg' };
  if (/nibp|\bbp\b|sys\/dia/.test(n)) return { role: 'bloodPressure:pair', unit: 'mmHg' };
  if (/spo2|sat/.test(n)) return { role: 'spo2', unit: '%' };
  if (/\bhr\b|heart|pulse|^hr/.test(n)) return { role: 'heartRate', unit: 'bpm' };
  if (/\brr\b|resp|^rr/.test(n)) return { role: 'respiratoryRate', unit: '/min' };
  if (/temp/.test(n)) return { role: 'temperature', unit: unit || 'Cel' };
  if (/etco2|co2/.test(n)) return { role: 'etco2' as ColumnRole, unit: 'mmHg' };
  return { role: '', unit: '' };
}

export function guessTimeColumn(header: readonly string[]): string {
  return header.find((h) => /time|date|zeit/i.test(h)) ?? header[0] ?? '';
}

type CsvColumnInput = CsvMappingInput['columns'][number];

/** The mapping the API reads, and which header column each of its `columns` entries came from. */
export function buildMapping(
  timeColumn: string,
  timeFormat: NonNullable<CsvMappingInput['timeFormat']>,
  timeZone: string,
  choices: Readonly<Record<string, ColumnChoice>>,
): { mapping: CsvMappingInput; sources: string[] } {
  const columns: CsvColumnInput[] = [];
  const sources: string[] = [];
  for (const [column, choice] of Object.entries(choices)) {
    if (!choice.role || column === timeColumn) continue;
    const [kind, component] = choice.role.split(':') as [VitalKind, CsvColumnInput['component']];
    const entry: CsvColumnInput = { column, kind, ...(component ? { component } : {}) };
    if (choice.unit.trim()) entry.unit = choice.unit.trim();
    columns.push(entry);
    sources.push(column);
  }
  return { mapping: { timeColumn, timeFormat, timeZone, columns }, sources };
}

/** A remembered mapping back into per-column choices. */
export function choicesFrom(mapping: unknown): { timeColumn: string; timeFormat: string; timeZone: string; choices: Record<string, ColumnChoice> } | null {
  if (typeof mapping !== 'object' || mapping === null) return null;
  const m = mapping as Partial<CsvMappingInput>;
  if (typeof m.timeColumn !== 'string' || !Array.isArray(m.columns)) return null;
  const choices: Record<string, ColumnChoice> = {};
  for (const c of m.columns) {
    if (typeof c.column !== 'string') continue;
    const role = (c.kind === 'bloodPressure' ? `bloodPressure:${c.component ?? 'pair'}` : c.kind) as ColumnRole;
    choices[c.column] = { role, unit: c.unit ?? '' };
  }
  return { timeColumn: m.timeColumn, timeFormat: m.timeFormat ?? 'iso', timeZone: m.timeZone ?? 'UTC', choices };
}
