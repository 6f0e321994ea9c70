/**
 * The HL7 v2 reader: ORU^R01 messages from monitors and gateways (IHE PCD-01 and older layouts)
 * into catalogue readings, with a reason for every OBX row that is not imported.
 *
 * Parsing into segments, fields, repetitions and components is @medplum/core's `Hl7Message`; this
 * file first repairs what real exports get wrong (see ../shared/device-samples/README.md): CR, LF
 * or CRLF terminators, segments glued on with a space, blank lines between messages, MLLP bytes
 * left in a capture, a BOM, batch wrappers (FHS/BHS/BTS/FTS).
 */
import { type Hl7Field, Hl7Message, type Hl7Segment } from '@medplum/core';
import { isDeviceSentinel } from '../alarms/rules.ts';
import { VITALS, type VitalKind } from '../vitals/catalogue.ts';
import { type CodeTarget, type Coding, describeCodings, targetForCodings, unitAccepted, unitFromCodings } from './codes.ts';
import { type ReadTime, parseHl7Time } from './time.ts';
import type { IngestIssue, IngestReading } from './types.ts';

/** Largest message accepted (bytes of text); a monitor's ORU is a few kilobytes. */
export const MAX_HL7_MESSAGE_LENGTH = 256 * 1024;

const SEGMENT_NAMES_GLUED = 'OBX|OBR|PID|PV1|PV2|NTE|ORC|MSA|EVN|NK1|ERR|SPM|TQ1|PD1|MSH';
const GLUED = new RegExp(`\\|[ \\t]+(?=(?:${SEGMENT_NAMES_GLUED})\\|)`, 'g');
const SEGMENT_LINE = /^[A-Z][A-Z0-9]{2}(?:[^A-Za-z0-9\s]|$)/;
const BATCH_SEGMENTS = new Set(['FHS', 'BHS', 'BTS', 'FTS']);
/** MLLP start (VT) and end (FS) bytes left in a stored capture. */
const MLLP_BYTES = new RegExp(`[${String.fromCharCode(0x0b)}${String.fromCharCode(0x1c)}]`, 'g');

/** One message's text as found in a stream or a file, segments joined by CR. */
export interface Hl7Chunk {
  text: string;
  /** 1-based line of the file where it starts. */
  line: number;
}

/**
 * Splits text that may hold one or many messages into messages. Lines before the first MSH (other
 * than batch headers) become a chunk of their own, which the reader then rejects: nothing vanishes.
 */
export function splitHl7Messages(text: string): Hl7Chunk[] {
  const cleaned = text
    .replace(/^\uFEFF/, '')
    .replace(MLLP_BYTES, '\r')
    .replace(GLUED, '|\r');
  const chunks: Hl7Chunk[] = [];
  let current: { lines: string[]; line: number } | null = null;
  const lines = cleaned.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/[ \t]+$/, '');
    if (line.trim() === '') return;
    const name = line.slice(0, 3);
    if (BATCH_SEGMENTS.has(name) && SEGMENT_LINE.test(line)) return;
    if (name === 'MSH' || current === null) {
      current = { lines: [], line: index + 1 };
      chunks.push({ text: '', line: index + 1 });
    }
    current.lines.push(line);
    const last = chunks[chunks.length - 1];
    if (last) last.text = current.lines.join('\r');
  });
  return chunks;
}

export interface Hl7Header {
  controlId: string;
  /** `ORU^R01` */
  messageType: string;
  /** MSH-11: `P` production, `D` debugging, `T` training/test. */
  processingId: string;
  version: string;
  sendingApplication: string;
  sendingFacility: string;
  /** MSH-7 as written. */
  messageTime: string;
}

export interface Hl7Location {
  pointOfCare: string;
  room: string;
  bed: string;
  facility: string;
  /** PV1-3 as one comparable string (`3 WEST ICU^3001^1`), or null when empty. */
  key: string | null;
}

interface ObxRow {
  ordinal: number;
  setId: string;
  label: string;
  valueType: string;
  codings: Coding[];
  subId: string;
  values: string[];
  unit: Coding[];
  flags: string[];
  status: string;
  time: string;
  /** OBR-7 of the OBR this OBX follows (empty when none). */
  obrTime: string;
}

export interface Hl7Parsed {
  header: Hl7Header;
  /** The device: MSH-3 EUI-64, else an EUI-64 in OBR-2/OBR-3, else MSH-3's name, else OBX-18. */
  deviceId: string | null;
  /** Every device identifier in the message, best first, for the device-to-chair mapping. */
  deviceIds: string[];
  /** PID-3 identifiers (CX-1), in repetition order, trimmed; HL7 nulls dropped. */
  patientIds: string[];
  location: Hl7Location;
  /** True for MSH-11 `D` (debugging) or `T` (training/test). */
  test: boolean;
  rows: ObxRow[];
  /** Problems found while reading the structure (not fatal). */
  warnings: IngestIssue[];
}

export type Hl7ReadResult =
  | { ok: true; message: Hl7Parsed }
  | { ok: false; code: 'not_hl7' | 'unsupported_message' | 'too_large'; message: string; header: Partial<Hl7Header> };

/** Reads one message's structure. Never throws; anything unreadable is `ok: false` with a reason. */
export function readHl7(text: string): Hl7ReadResult {
  try {
    return readUnsafe(text);
  } catch (error) {
    return { ok: false, code: 'not_hl7', message: `could not read the message: ${error instanceof Error ? error.message : 'unknown error'}`, header: {} };
  }
}

function readUnsafe(input: string): Hl7ReadResult {
  if (input.length > MAX_HL7_MESSAGE_LENGTH) {
    return { ok: false, code: 'too_large', message: `message is longer than ${MAX_HL7_MESSAGE_LENGTH} characters`, header: {} };
  }
  const chunks = splitHl7Messages(input);
  const text = chunks[0]?.text ?? '';
  if (chunks.length > 1) {
    return { ok: false, code: 'not_hl7', message: 'more than one message in one frame', header: {} };
  }
  const encoding = /^MSH([^A-Za-z0-9\s])([^A-Za-z0-9\s]{3,5}?)\1/.exec(text);
  if (!encoding) return { ok: false, code: 'not_hl7', message: 'does not start with an MSH segment and its encoding characters', header: {} };
  const separators = `${encoding[1]}${encoding[2]}`;
  if (new Set(separators).size !== separators.length) {
    return { ok: false, code: 'not_hl7', message: 'MSH-1/MSH-2 repeat a separator', header: {} };
  }
  const parsed = Hl7Message.parse(text);
  const msh = parsed.getSegment('MSH');
  if (!msh) return { ok: false, code: 'not_hl7', message: 'no MSH segment', header: {} };
  const escapeChar = parsed.context.escapeCharacter;
  const un = (value: string): string => unescapeHl7(value, parsed, escapeChar);

  const header: Hl7Header = {
    controlId: un(component(msh, 10)).trim(),
    messageType: [component(msh, 9, 1), component(msh, 9, 2)].map((p) => un(p).trim()).filter(Boolean).join('^'),
    processingId: un(component(msh, 11)).trim().toUpperCase(),
    version: un(component(msh, 12)).trim(),
    sendingApplication: [1, 2, 3].map((c) => un(component(msh, 3, c)).trim()).join('^').replace(/\^+$/, ''),
    sendingFacility: un(component(msh, 4)).trim(),
    messageTime: component(msh, 7).trim(),
  };
  const [type, trigger] = header.messageType.split('^');
  if (type !== 'ORU' || (trigger !== undefined && trigger !== 'R01')) {
    return { ok: false, code: 'unsupported_message', message: `message type ${header.messageType || '(none)'} is not accepted; send ORU^R01`, header };
  }

  const warnings: IngestIssue[] = [];
  const rows: ObxRow[] = [];
  const obrDevices: string[] = [];
  const equipment: string[] = [];
  let obrTime = '';
  let pid: Hl7Segment | undefined;
  let pv1: Hl7Segment | undefined;
  parsed.segments.forEach((segment, index) => {
    if (index === 0) return;
    if (!SEGMENT_LINE.test(`${segment.name}${parsed.context.fieldSeparator}`)) {
      warnings.push({ location: `segment ${index + 1}`, code: 'not_a_segment', message: `line ${index + 1} is not a segment and was ignored`, severity: 'warning' });
      return;
    }
    if (segment.name === 'PID' && !pid) pid = segment;
    if (segment.name === 'PV1' && !pv1) pv1 = segment;
    if (segment.name === 'OBR') {
      obrTime = component(segment, 7).trim();
      for (const field of [2, 3]) {
        const id = eui64(segment, field, un);
        if (id) obrDevices.push(id);
      }
    }
    if (segment.name === 'OBX') {
      const ordinal = rows.length + 1;
      const setId = un(component(segment, 1)).trim();
      const codings = [0, 3].map((offset) => ({
        code: un(component(segment, 3, 1 + offset)).trim(),
        display: un(component(segment, 3, 2 + offset)).trim(),
        system: un(component(segment, 3, 3 + offset)).trim(),
      }));
      rows.push({
        ordinal,
        setId,
        label: setId ? `OBX ${setId}` : `OBX #${ordinal}`,
        valueType: un(component(segment, 2)).trim().toUpperCase(),
        codings: codings.filter((c) => c.code || c.display),
        subId: un(component(segment, 4)).trim(),
        values: repetition(segment, 5, 0).map((v) => un(v)),
        unit: [{ code: un(component(segment, 6, 1)).trim(), display: un(component(segment, 6, 2)).trim(), system: un(component(segment, 6, 3)).trim() }],
        flags: repetitions(segment, 8).map((r) => un(r[0] ?? '').trim().toUpperCase()).filter(Boolean),
        status: un(component(segment, 11)).trim().toUpperCase(),
        time: component(segment, 14).trim(),
        obrTime,
      });
      const device = un(component(segment, 18, 1)).trim();
      if (device && /EUI-64/i.test(component(segment, 18, 2) + component(segment, 18, 4))) equipment.push(device);
    }
  });

  const mshEui = /EUI-64/i.test(component(msh, 3, 3)) || component(msh, 3, 2).trim() ? un(component(msh, 3, 2)).trim() : '';
  const mshName = un(component(msh, 3, 1)).trim();
  const deviceIds = unique([mshEui, ...obrDevices, mshName, ...equipment]);
  const patientIds = pid
    ? unique(repetitions(pid, 3).map((r) => un(r[0] ?? '').trim()).filter((id) => id !== '' && id !== '""'))
    : [];
  const location = readLocation(pv1, un);
  return {
    ok: true,
    message: {
      header,
      deviceId: deviceIds[0] ?? (header.sendingFacility || null),
      deviceIds,
      patientIds,
      location,
      test: header.processingId === 'D' || header.processingId === 'T',
      rows,
      warnings,
    },
  };
}

function readLocation(pv1: Hl7Segment | undefined, un: (v: string) => string): Hl7Location {
  if (!pv1) return { pointOfCare: '', room: '', bed: '', facility: '', key: null };
  const parts = [1, 2, 3, 4].map((c) => un(component(pv1, 3, c)).trim());
  const key = parts.join('^').replace(/\^+$/, '');
  return { pointOfCare: parts[0] ?? '', room: parts[1] ?? '', bed: parts[2] ?? '', facility: parts[3] ?? '', key: key === '' ? null : key };
}

/** An EI (entity identifier) naming an EUI-64: `id^ns^universal^EUI-64` or `id^^^EUI-64`. */
function eui64(segment: Hl7Segment, field: number, un: (v: string) => string): string | null {
  if (!/EUI-64/i.test(component(segment, field, 4))) return null;
  const universal = un(component(segment, field, 3)).trim();
  return universal || un(component(segment, field, 1)).trim() || null;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    if (!v || seen.has(v.toLowerCase())) return false;
    seen.add(v.toLowerCase());
    return true;
  });
}

function fieldOf(segment: Hl7Segment, index: number): Hl7Field | undefined {
  return segment.getField(index) as Hl7Field | undefined;
}

function repetitions(segment: Hl7Segment, index: number): string[][] {
  return fieldOf(segment, index)?.components ?? [];
}

function repetition(segment: Hl7Segment, index: number, rep: number): string[] {
  return repetitions(segment, index)[rep] ?? [];
}

/** A component's raw (still escaped) text; '' when absent. */
function component(segment: Hl7Segment, index: number, comp = 1, rep = 0): string {
  return repetition(segment, index, rep)[comp - 1] ?? '';
}

/** Undoes HL7 escapes: separators, `\.br\` (line break), highlight on/off, `\Xhh\` hex. */
export function unescapeHl7(value: string, message: Hl7Message, escapeChar = message.context.escapeCharacter): string {
  if (!escapeChar || !value.includes(escapeChar)) return value;
  const c = message.context;
  const e = escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return value.replace(new RegExp(`${e}([^${e}]*)${e}`, 'g'), (_match, body: string) => {
    switch (body) {
      case 'F':
        return c.fieldSeparator;
      case 'S':
        return c.componentSeparator;
      case 'T':
        return c.subcomponentSeparator;
      case 'R':
        return c.repetitionSeparator;
      case 'E':
        return c.escapeCharacter;
      case '.br':
        return '\n';
      default:
        if (/^X(?:[0-9A-Fa-f]{2})+$/.test(body)) {
          return (body.slice(1).match(/../g) ?? []).map((h) => String.fromCharCode(Number.parseInt(h, 16))).join('');
        }
        // \H\, \N\ (highlight), \.sp\, \.in\ … are formatting: dropped from the text.
        return '';
    }
  });
}

/** Escapes text for an HL7 field (ACK messages, ERR-8). */
export function escapeHl7(text: string): string {
  return text
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/[\r\n]+/g, ' ');
}

/* ---------- OBX rows → readings ---------- */

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const ENUMERATION_TYPES = new Set(['ST', 'CWE', 'CNE', 'CE', 'CF', 'ID', 'IS']);
const TEXT_TYPES = new Set(['TX', 'FT']);
const WAVEFORM_TYPES = new Set(['NA', 'MA']);
const UNAVAILABLE_FLAGS = new Set(['INV', 'NAV', 'OFF']);
const TEST_FLAGS = new Set(['DEMO', 'TEST']);

export interface Hl7Readings {
  readings: IngestReading[];
  issues: IngestIssue[];
}

interface BpPart {
  key: 'systolic' | 'diastolic';
  value: number;
  unit: string;
  time: ReadTime;
  timeSource: string;
  row: ObxRow;
  target: CodeTarget;
  sentinel: boolean;
}

/**
 * Turns a message's OBX rows into readings. `defaultZone` is the device's zone for timestamps
 * without an offset (each such reading records that the zone was assumed).
 */
export function hl7Readings(message: Hl7Parsed, defaultZone: string): Hl7Readings {
  const issues: IngestIssue[] = [...message.warnings];
  const readings = new Map<string, IngestReading>();
  const bpParts: BpPart[] = [];
  const headerTime = message.header.messageTime;

  const add = (reading: IngestReading): void => {
    const existing = readings.get(reading.key);
    if (!existing) {
      readings.set(reading.key, reading);
      return;
    }
    const same = JSON.stringify(existing.values) === JSON.stringify(reading.values) && existing.unit === reading.unit;
    issues.push({
      location: reading.location,
      code: 'duplicate_row',
      message: same
        ? `repeats ${existing.location} (same parameter, channel and time)`
        : `same parameter, channel and time as ${existing.location} with another value`,
      severity: same ? 'skipped' : 'error',
    });
  };

  for (const row of message.rows) {
    const issue = (code: string, text: string, severity: IngestIssue['severity']): void => {
      issues.push({ location: row.label, code, message: text, severity });
    };
    const first = (row.values[0] ?? '').trim();
    const codeText = describeCodings(row.codings);
    if (row.status === 'X' || (row.valueType === '' && row.values.every((v) => v.trim() === ''))) {
      issue('device_description', `${codeText} describes the device (MDS/VMD/channel), not a value`, 'skipped');
      continue;
    }
    if (WAVEFORM_TYPES.has(row.valueType)) {
      issue('waveform', `${codeText} is a waveform (${row.valueType}); waveforms are not stored`, 'skipped');
      continue;
    }
    if (ENUMERATION_TYPES.has(row.valueType) || TEXT_TYPES.has(row.valueType) || !['NM', 'SN', ''].includes(row.valueType)) {
      const kind = ENUMERATION_TYPES.has(row.valueType) ? 'enumeration' : TEXT_TYPES.has(row.valueType) ? 'text' : 'other_type';
      const preview = row.values.join(' ').replace(/\s+/g, ' ').trim().slice(0, 60);
      issue(kind, `${codeText} is ${row.valueType} (${preview || 'empty'}), not a numeric vital sign`, 'skipped');
      continue;
    }
    if (row.status === 'D' || row.status === 'W') {
      issue('withdrawn', `${codeText} has result status ${row.status} (deleted / wrong)`, 'skipped');
      continue;
    }
    if (row.status === 'I' || row.status === 'N' || row.status === 'O') {
      issue('no_result', `${codeText} has result status ${row.status} (no result yet)`, 'skipped');
      continue;
    }
    if (first === '' || first === '""') {
      issue('no_value', `${codeText} has no value`, 'skipped');
      continue;
    }
    const target = targetForCodings(row.codings);
    if (!target) {
      issue('unmapped_code', `${codeText} is not a vital sign the catalogue knows`, 'error');
      continue;
    }
    if (row.status === 'C') {
      issue('correction_not_applied', `${codeText} is a correction (status C); corrections are made in Chairside, not applied from a feed`, 'error');
      continue;
    }
    const number = numericValue(row);
    if (number === null) {
      issue('invalid_value', `${codeText} value "${row.values.join('^').slice(0, 40)}" is not a number`, 'error');
      continue;
    }
    const sentinel = isDeviceSentinel(number);
    if (!sentinel && row.flags.some((f) => UNAVAILABLE_FLAGS.has(f))) {
      issue('flagged_unavailable', `${codeText} is flagged ${row.flags.join('~')} by the device (value not valid)`, 'skipped');
      continue;
    }
    const unitRead = unitFromCodings(row.unit);
    const unit = unitRead.ok ? unitAccepted(target.kind, unitRead.ucum) : unitRead;
    if (!unit.ok && !sentinel) {
      issue('unmapped_unit', `${codeText}: ${unit.message}`, 'error');
      continue;
    }
    const timeText = row.time || row.obrTime || headerTime;
    const timeSource = row.time ? 'OBX-14' : row.obrTime ? 'OBR-7' : 'MSH-7';
    const time = parseHl7Time(timeText, defaultZone);
    if (!time.ok) {
      issue('invalid_time', `${codeText}: ${timeSource} ${time.message}`, 'error');
      continue;
    }
    const unitText = unit.ok ? unit.unit : VITALS[target.kind].unit;
    if (target.kind === 'bloodPressure') {
      bpParts.push({ key: target.key as 'systolic' | 'diastolic', value: number, unit: unitText, time: time.time, timeSource, row, target, sentinel });
      continue;
    }
    add({
      key: `${target.code}|${row.subId}|${time.time.utc}`,
      kind: target.kind,
      values: { value: number },
      unit: unitText,
      observedAt: time.time.iso,
      timeAssumedZone: time.time.assumedZone,
      timeSource,
      sentinel,
      location: row.label,
      channel: row.subId,
      code: target.code,
      flags: row.flags.filter((f) => TEST_FLAGS.has(f)),
    });
  }

  for (const reading of pairBloodPressure(bpParts, issues)) add(reading);
  return { readings: [...readings.values()], issues };
}

function numericValue(row: ObxRow): number | null {
  const values = row.values.map((v) => v.trim());
  let text = values[0] ?? '';
  // SN: comparator ^ number (`=^98`, `^98`); ranges and ratios are not single readings.
  if (row.valueType === 'SN') {
    const [comparator = '', num = '', separator = '', second = ''] = values;
    if (!['', '='].includes(comparator) || separator !== '' || second !== '') return null;
    text = num;
  } else if (values.slice(1).some((v) => v !== '')) {
    return null;
  }
  if (!NUMERIC.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The channel group of a sub-id: `1.3.1.2` → `1.3.1`. */
function channelGroup(subId: string): string {
  const parts = subId.split('.');
  return parts.length > 1 ? parts.slice(0, -1).join('.') : '';
}

/** Systolic and diastolic rows of one cuff reading (same channel group, same time) become one reading. */
function pairBloodPressure(parts: BpPart[], issues: IngestIssue[]): IngestReading[] {
  const groups = new Map<string, { systolic?: BpPart; diastolic?: BpPart }>();
  for (const part of parts) {
    const id = `${channelGroup(part.row.subId)}|${part.time.utc}`;
    const group = groups.get(id) ?? {};
    if (group[part.key]) {
      issues.push({ location: part.row.label, code: 'duplicate_row', message: `a second ${part.key} value for the same cuff reading (${group[part.key]?.row.label})`, severity: 'error' });
      continue;
    }
    group[part.key] = part;
    groups.set(id, group);
  }
  const out: IngestReading[] = [];
  for (const [id, { systolic, diastolic }] of groups) {
    const lone = systolic ?? diastolic;
    if (!systolic || !diastolic) {
      if (lone) {
        issues.push({
          location: lone.row.label,
          code: 'incomplete_blood_pressure',
          message: `${lone.key} ${lone.value} has no ${lone.key === 'systolic' ? 'diastolic' : 'systolic'} partner in the same cuff reading`,
          severity: 'error',
        });
      }
      continue;
    }
    if (systolic.unit !== diastolic.unit) {
      issues.push({ location: systolic.row.label, code: 'unmapped_unit', message: `systolic (${systolic.unit}) and diastolic (${diastolic.unit}) come in different units`, severity: 'error' });
      continue;
    }
    out.push({
      key: `BP|${id}`,
      kind: 'bloodPressure' as VitalKind,
      values: { systolic: systolic.value, diastolic: diastolic.value },
      unit: systolic.unit,
      observedAt: systolic.time.iso,
      timeAssumedZone: systolic.time.assumedZone,
      timeSource: systolic.timeSource,
      sentinel: systolic.sentinel || diastolic.sentinel,
      location: `${systolic.row.label} + ${diastolic.row.label}`,
      channel: channelGroup(systolic.row.subId),
      code: systolic.target.code,
      flags: [...new Set([...systolic.row.flags, ...diastolic.row.flags].filter((f) => TEST_FLAGS.has(f)))],
    });
  }
  return out;
}
