/**
 * The CSV reader: a monitor's trend export, read through a column mapping (which column is the
 * time, which columns are which vitals, the unit of each). Tolerates a UTF-8 BOM and preamble
 * lines before the header; reports header/data column drift row by row; reads the "no value"
 * markers exports use (`-`, `---`, `--.-%`, `None`, -999 …) as missing, never as numbers.
 */
import Papa from 'papaparse';
import { z } from 'zod';
import { DEVICE_SENTINELS } from '../alarms/rules.ts';
import { VITAL_KINDS, VITALS } from '../vitals/catalogue.ts';
import { unitAccepted, unitFromText } from './codes.ts';
import { type TimeResult, isValidTimeZone, parseIsoTime, wallClockInZone } from './time.ts';
import type { IngestIssue, IngestReading } from './types.ts';

export const CSV_TIME_FORMATS = ['iso', 'dmy', 'mdy', 'unix-s', 'unix-ms', 'relative-s'] as const;

const columnRef = z.union([z.string().trim().min(1).max(200), z.number().int().min(0).max(499)]);

export const csvColumnSchema = z.object({
  /** Header name (case-insensitive), or 0-based index for a file without a header. */
  column: columnRef,
  kind: z.enum(VITAL_KINDS),
  /** `value`; `systolic` / `diastolic` for two blood-pressure columns; `pair` for one `120/80` column. */
  component: z.enum(['value', 'systolic', 'diastolic', 'pair']).default('value'),
  /** The column's unit (UCUM or the usual spellings: `bpm`, `mmHg`, `°F` …); the catalogue unit when absent. */
  unit: z.string().trim().max(32).optional(),
});

export const csvMappingSchema = z
  .object({
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    /** 1-based line of the header; absent: found by the column names; null: the file has none. */
    headerRow: z.number().int().min(1).max(1000).nullable().optional(),
    timeColumn: columnRef,
    timeFormat: z.enum(CSV_TIME_FORMATS).default('iso'),
    /** For `relative-s` (seconds from the start, as VitalDB writes them): the start, with an offset. */
    relativeTo: z.string().max(40).optional(),
    /** Zone of times written without an offset (IANA name, `UTC`, or `+02:00`); recorded as assumed. */
    timeZone: z.string().trim().min(1).max(64).default('UTC'),
    columns: z.array(csvColumnSchema).min(1, 'map at least one vital-sign column').max(50),
  })
  .superRefine((mapping, ctx) => {
    if (!isValidTimeZone(mapping.timeZone)) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `unknown time zone ${mapping.timeZone}` });
    if (mapping.timeFormat === 'relative-s' && !mapping.relativeTo) {
      ctx.addIssue({ code: 'custom', path: ['relativeTo'], message: 'relative times need the start they count from' });
    }
    const named = mapping.columns.some((c) => typeof c.column === 'string') || typeof mapping.timeColumn === 'string';
    if (named && mapping.headerRow === null) ctx.addIssue({ code: 'custom', path: ['headerRow'], message: 'columns named by header need a header row' });
    mapping.columns.forEach((column, i) => {
      const bp = column.kind === 'bloodPressure';
      if (bp === (column.component === 'value')) {
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'component'], message: bp ? 'blood pressure is systolic, diastolic or a pair' : `${column.component} applies to blood pressure only` });
      }
      const unit = unitFromText(column.unit);
      const accepted = unit.ok ? unitAccepted(column.kind, unit.ucum) : unit;
      if (!accepted.ok) ctx.addIssue({ code: 'custom', path: ['columns', i, 'unit'], message: accepted.message });
    });
    const bpParts = mapping.columns.filter((c) => c.kind === 'bloodPressure').map((c) => c.component);
    const bpOk = bpParts.length === 0 || (bpParts.length === 1 && bpParts[0] === 'pair') || (bpParts.length === 2 && bpParts.includes('systolic') && bpParts.includes('diastolic'));
    if (!bpOk) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'blood pressure needs one systolic and one diastolic column, or one pair column' });
  });
export type CsvMapping = z.output<typeof csvMappingSchema>;
export type CsvMappingInput = z.input<typeof csvMappingSchema>;

export type CsvReadResult =
  | { ok: true; readings: IngestReading[]; issues: IngestIssue[]; header: string[] | null; headerRow: number | null; dataRows: number }
  | { ok: false; issues: IngestIssue[] };

const MISSING = new Set(['', '-', '--', '---', '----', 'none', 'null', 'nan', 'n/a', 'na', '?', '--.-', '--.-%', '---%', '-?-', '*']);
/** Sentinels exports use for "no value" beyond the alarm module's list (../shared/device-samples/README.md). */
const CSV_SENTINELS = new Set([...DEVICE_SENTINELS, -99.9, -0.99]);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const MAX_ROWS = 50_000;

function isMissing(cell: string): boolean {
  const t = cell.trim().toLowerCase();
  return MISSING.has(t) || /^-+\.?-*%?$/.test(t);
}

function parseNumber(cell: string): number | null {
  const t = cell.trim().replace(/\s*%$/, '');
  if (!NUMBER.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function readCsv(text: string, mapping: CsvMapping): CsvReadResult {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    delimiter: mapping.delimiter ?? '',
    skipEmptyLines: false,
    preview: MAX_ROWS + 1000,
  });
  const records = parsed.data.filter(Array.isArray).map((r) => r.map((cell) => String(cell ?? '')));
  const blank = (r: string[]): boolean => r.every((c) => c.trim() === '');
  const issues: IngestIssue[] = [];

  // Header: given, or the first line naming the time column and every mapped column.
  const names = [mapping.timeColumn, ...mapping.columns.map((c) => c.column)].filter((c): c is string => typeof c === 'string');
  let headerIndex: number | null = null;
  if (mapping.headerRow === null) headerIndex = null;
  else if (mapping.headerRow !== undefined) headerIndex = mapping.headerRow - 1;
  else if (names.length > 0) {
    const wanted = names.map((n) => n.toLowerCase());
    const found = records.slice(0, 200).findIndex((r) => {
      const cells = r.map((c) => c.trim().toLowerCase());
      return wanted.every((w) => cells.includes(w));
    });
    if (found < 0) {
      return { ok: false, issues: [{ location: 'file', code: 'header_not_found', message: `no line names all of: ${names.join(', ')}`, severity: 'error' }] };
    }
    headerIndex = found;
  }
  const header = headerIndex === null ? null : (records[headerIndex] ?? null);
  if (headerIndex !== null && !header) {
    return { ok: false, issues: [{ location: 'file', code: 'header_not_found', message: `the file has no line ${headerIndex + 1}`, severity: 'error' }] };
  }
  if (headerIndex !== null && headerIndex > 0) {
    const preamble = records.slice(0, headerIndex).filter((r) => !blank(r)).length;
    if (preamble > 0) issues.push({ location: `rows 1–${headerIndex}`, code: 'preamble', message: `${preamble} line(s) before the header were read as a preamble`, severity: 'skipped' });
  }

  const resolve = (ref: string | number, what: string): { index: number } | { error: IngestIssue } => {
    if (typeof ref === 'number') return { index: ref };
    const cells = (header ?? []).map((c) => c.trim().toLowerCase());
    const matches = cells.flatMap((c, i) => (c === ref.toLowerCase() ? [i] : []));
    if (matches.length === 1 && matches[0] !== undefined) return { index: matches[0] };
    return {
      error: {
        location: 'header',
        code: matches.length === 0 ? 'column_not_found' : 'ambiguous_column',
        message: matches.length === 0 ? `${what} column "${ref}" is not in the header` : `the header names "${ref}" ${matches.length} times; map it by position`,
        severity: 'error',
      },
    };
  };
  const time = resolve(mapping.timeColumn, 'time');
  const columns = mapping.columns.map((c) => ({ ...c, at: resolve(c.column, VITALS[c.kind].label) }));
  const fatal = [time, ...columns.map((c) => c.at)].flatMap((r) => ('error' in r ? [r.error] : []));
  if (fatal.length > 0 || !('index' in time)) return { ok: false, issues: fatal };
  const resolved = columns.map((c) => ({ ...c, index: 'index' in c.at ? c.at.index : -1, name: header?.[('index' in c.at ? c.at.index : 0)]?.trim() || `column ${Number(c.column) + 1}` }));
  const maxIndex = Math.max(time.index, ...resolved.map((c) => c.index));

  const readings: IngestReading[] = [];
  let dataRows = 0;
  const start = headerIndex === null ? 0 : headerIndex + 1;
  for (let i = start; i < records.length; i++) {
    const record = records[i] ?? [];
    if (blank(record)) continue;
    dataRows += 1;
    const row = `row ${i + 1}`;
    if (dataRows > MAX_ROWS) {
      issues.push({ location: row, code: 'too_many_rows', message: `only the first ${MAX_ROWS} data rows are read`, severity: 'error' });
      break;
    }
    if (header) {
      const extra = record.slice(header.length);
      if (record.length > header.length && extra.some((c) => c.trim() !== '')) {
        issues.push({ location: row, code: 'column_drift', message: `row has ${record.length} cells, the header ${header.length}; its columns cannot be matched`, severity: 'error' });
        continue;
      }
      if (record.length < header.length) {
        if (maxIndex >= record.length) {
          issues.push({ location: row, code: 'column_drift', message: `row has ${record.length} cells, the header ${header.length}; mapped columns are missing`, severity: 'error' });
          continue;
        }
        issues.push({ location: row, code: 'column_drift', message: `row has ${record.length} cells, the header ${header.length}; the mapped columns are all there`, severity: 'warning' });
      }
    } else if (maxIndex >= record.length) {
      issues.push({ location: row, code: 'column_drift', message: `row has ${record.length} cells; column ${maxIndex + 1} is mapped`, severity: 'error' });
      continue;
    }
    const timeCell = (record[time.index] ?? '').trim();
    const when = readCsvTime(timeCell, mapping);
    if (!when.ok) {
      issues.push({ location: row, code: when.code, message: `time "${timeCell.slice(0, 40)}": ${when.message}`, severity: 'error' });
      continue;
    }
    const base = {
      observedAt: when.time.iso,
      timeAssumedZone: when.time.assumedZone,
      timeSource: header?.[time.index]?.trim() || `column ${time.index + 1}`,
      sentinel: false,
      location: row,
      flags: [],
    };
    const bp: Partial<Record<'systolic' | 'diastolic', number>> = {};
    let bpUnit = '';
    let bpMissing = false;
    for (const column of resolved) {
      const cell = (record[column.index] ?? '').trim();
      const unit = unitFromText(column.unit);
      const accepted = unit.ok ? unitAccepted(column.kind, unit.ucum) : unit;
      if (!accepted.ok) continue; // refused when the mapping was checked
      const at = `${row}, ${column.name}`;
      if (column.component === 'pair') {
        if (isMissing(cell)) {
          issues.push({ location: at, code: 'missing_value', message: `"${cell}" means no value`, severity: 'skipped' });
          bpMissing = true;
          continue;
        }
        const [s = '', d = ''] = cell.split('/');
        const sys = parseNumber(s);
        const dia = parseNumber(d);
        if (sys === null || dia === null || cell.split('/').length !== 2) {
          issues.push({ location: at, code: 'invalid_value', message: `"${cell.slice(0, 40)}" is not systolic/diastolic`, severity: 'error' });
          bpMissing = true;
          continue;
        }
        if (CSV_SENTINELS.has(sys) || CSV_SENTINELS.has(dia)) {
          issues.push({ location: at, code: 'missing_value', message: `"${cell}" is the device's no-value code`, severity: 'skipped' });
          bpMissing = true;
          continue;
        }
        bp.systolic = sys;
        bp.diastolic = dia;
        bpUnit = accepted.unit;
        continue;
      }
      if (isMissing(cell)) {
        issues.push({ location: at, code: 'missing_value', message: cell === '' ? 'empty cell' : `"${cell}" means no value`, severity: 'skipped' });
        if (column.kind === 'bloodPressure') bpMissing = true;
        continue;
      }
      const value = parseNumber(cell);
      if (value === null) {
        issues.push({ location: at, code: 'invalid_value', message: `"${cell.slice(0, 40)}" is not a number`, severity: 'error' });
        if (column.kind === 'bloodPressure') bpMissing = true;
        continue;
      }
      if (CSV_SENTINELS.has(value)) {
        issues.push({ location: at, code: 'missing_value', message: `${cell} is the device's no-value code`, severity: 'skipped' });
        if (column.kind === 'bloodPressure') bpMissing = true;
        continue;
      }
      if (column.kind === 'bloodPressure') {
        bp[column.component as 'systolic' | 'diastolic'] = value;
        bpUnit = accepted.unit;
        continue;
      }
      readings.push({ ...base, key: `CSV|${column.name}|${when.time.utc}`, kind: column.kind, values: { value }, unit: accepted.unit, channel: column.name, code: column.name });
    }
    if (bp.systolic !== undefined && bp.diastolic !== undefined) {
      readings.push({ ...base, key: `CSV|bloodPressure|${when.time.utc}`, kind: 'bloodPressure', values: { systolic: bp.systolic, diastolic: bp.diastolic }, unit: bpUnit, channel: 'bloodPressure', code: 'bloodPressure' });
    } else if (!bpMissing && (bp.systolic !== undefined || bp.diastolic !== undefined)) {
      issues.push({ location: row, code: 'incomplete_blood_pressure', message: 'only one of systolic and diastolic', severity: 'error' });
    } else if (bpMissing && (bp.systolic !== undefined || bp.diastolic !== undefined)) {
      issues.push({ location: row, code: 'incomplete_blood_pressure', message: 'blood pressure has one value missing; not imported', severity: 'skipped' });
    }
  }
  if (parsed.errors.length > 0) {
    for (const error of parsed.errors.slice(0, 20)) {
      if (error.code === 'UndetectableDelimiter') continue;
      issues.push({ location: error.row === undefined ? 'file' : `row ${error.row + 1}`, code: 'csv_syntax', message: error.message, severity: 'warning' });
    }
  }
  return { ok: true, readings, issues, header, headerRow: headerIndex === null ? null : headerIndex + 1, dataRows };
}

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/;

function readCsvTime(cell: string, mapping: CsvMapping): TimeResult {
  if (cell === '') return { ok: false, code: 'invalid_time', message: 'empty' };
  switch (mapping.timeFormat) {
    case 'iso':
      return parseIsoTime(cell, mapping.timeZone);
    case 'dmy':
    case 'mdy': {
      const m = SLASHED.exec(cell);
      if (!m) return { ok: false, code: 'invalid_time', message: `not ${mapping.timeFormat === 'dmy' ? 'dd/mm/yyyy' : 'mm/dd/yyyy'} hh:mm[:ss]` };
      const [, a = '', b = '', y = '', h = '', mi = '', s = '0', ms = '0'] = m;
      const year = y.length === 2 ? 2000 + Number(y) : Number(y);
      const [day, month] = mapping.timeFormat === 'dmy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
      return wallClockInZone({ year, month, day, hour: Number(h), minute: Number(mi), second: Number(s), millisecond: Number(ms.padEnd(3, '0')) }, mapping.timeZone);
    }
    case 'unix-s':
    case 'unix-ms':
    case 'relative-s': {
      const n = parseNumber(cell);
      if (n === null) return { ok: false, code: 'invalid_time', message: 'not a number of seconds' };
      const base = mapping.timeFormat === 'relative-s' ? parseIsoTime(mapping.relativeTo ?? '', 'UTC') : null;
      if (base && !base.ok) return base;
      const ms = mapping.timeFormat === 'unix-ms' ? n : n * 1000;
      const utcMs = (base?.ok ? Date.parse(base.time.utc) : 0) + ms;
      if (!Number.isFinite(utcMs) || utcMs < Date.UTC(1900, 0, 1) || utcMs > Date.UTC(2999, 0, 1)) return { ok: false, code: 'invalid_time', message: 'outside 1900–2999' };
      const utc = new Date(Math.round(utcMs)).toISOString();
      return { ok: true, time: { iso: utc, utc, offsetMinutes: 0, assumedZone: null } };
    }
  }
}
