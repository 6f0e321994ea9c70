import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedDateTimeSchema } from '../../shared/schemas/common.ts';
import { csvMappingSchema, readCsv } from '../../shared/ingest/csv.ts';
import { readFhir } from '../../shared/ingest/fhir.ts';
import { hl7Readings, readHl7, splitHl7Messages } from '../../shared/ingest/hl7.ts';
import { parseHl7Time } from '../../shared/ingest/time.ts';
import type { IngestIssue, IngestReading } from '../../shared/ingest/types.ts';
import { VITAL_KINDS } from '../../shared/vitals/catalogue.ts';

/**
 * Property tests of the readers: whatever arrives, they never throw, and whatever they refuse
 * comes with a clear, located reason; whatever they accept is a well-formed reading.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const RUNS = { numRuns: 150, seed: 20251110 };

function wellFormedIssue(issue: IngestIssue): void {
  expect(issue.code).toMatch(/^[a-z_]+$/);
  expect(issue.message.length).toBeGreaterThan(0);
  expect(issue.location.length).toBeGreaterThan(0);
  expect(['error', 'warning', 'skipped']).toContain(issue.severity);
}

function wellFormedReading(reading: IngestReading): void {
  expect(VITAL_KINDS).toContain(reading.kind);
  expect(zonedDateTimeSchema.safeParse(reading.observedAt).success).toBe(true);
  for (const value of Object.values(reading.values)) expect(Number.isFinite(value)).toBe(true);
  expect(reading.key.length).toBeGreaterThan(0);
}

/** Text that looks like HL7 often enough to get past the MSH check: segments of random fields. */
const hl7Like = fc
  .array(
    fc.tuple(
      fc.constantFrom('MSH', 'PID', 'PV1', 'OBR', 'OBX', 'OBX', 'OBX', 'NTE', 'ZZZ', 'obx', ''),
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('NM', 'ST', 'NA', 'X', '150456^MDC_PULS_OXIM_SAT_O2^MDC', '266560^MDC_DIM_FAHR^MDC', '-100', '98.6', '20251110101500+0100', '""', '\\.br\\', '^', '~', '&')), { maxLength: 20 }),
    ),
    { maxLength: 12 },
  )
  .chain((segments) => fc.constantFrom('\r', '\n', '\r\n', ' ').map((separator) => ({ segments, separator })))
  .map(({ segments, separator }) => ['MSH|^~\\&|DEV^0011223344556677^EUI-64||||20251110101500||ORU^R01|X1|P|2.6', ...segments.map(([name, fields]) => [name, ...fields].join('|'))].join(separator));

/** A valid message with one character replaced, inserted or deleted somewhere. */
function mutated(text: string) {
  return fc.tuple(fc.nat({ max: text.length }), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ minLength: 1, maxLength: 3 })).map(([at, op, s]) => {
    if (op === 'delete') return text.slice(0, at) + text.slice(at + 1);
    if (op === 'insert') return text.slice(0, at) + s + text.slice(at);
    return text.slice(0, at) + s + text.slice(at + s.length);
  });
}

function checkHl7(text: string): void {
  for (const chunk of splitHl7Messages(text)) {
    const read = readHl7(chunk.text);
    if (!read.ok) {
      expect(['not_hl7', 'unsupported_message', 'too_large']).toContain(read.code);
      expect(read.message.length).toBeGreaterThan(0);
      continue;
    }
    for (const zone of ['UTC', 'Europe/Berlin']) {
      const { readings, issues } = hl7Readings(read.message, zone);
      readings.forEach(wellFormedReading);
      issues.forEach(wellFormedIssue);
    }
  }
}

describe('the HL7 reader under arbitrary input', () => {
  it('never throws on arbitrary text, and says why it refuses', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => checkHl7(text)), RUNS);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkHl7(text)), RUNS);
  });

  it('never throws on HL7-shaped messages with random fields and separators', () => {
    fc.assert(fc.property(hl7Like, (text) => checkHl7(text)), RUNS);
  });

  it('never throws on one-character mutations of every fixture', () => {
    for (const name of ['hl7-sentinels.hl7', 'hl7-duplicate-channels.hl7', 'hl7-zoneless-times.hl7', 'hl7-device-rows-fahrenheit.hl7']) {
      fc.assert(fc.property(mutated(fixture(name)), (text) => checkHl7(text)), { ...RUNS, numRuns: 80 });
    }
  });

  it('reads any DTM string without throwing; what it accepts is a real instant with an offset', () => {
    const dtm = fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^\d{4,17}(\.\d{1,5})?([+-]\d{4})?$/));
    fc.assert(
      fc.property(dtm, fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'), (text, zone) => {
        const result = parseHl7Time(text, zone);
        if (result.ok) expect(zonedDateTimeSchema.safeParse(result.time.iso).success).toBe(true);
        else expect(result.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});

describe('the CSV reader under arbitrary input', () => {
  const mapping = csvMappingSchema.parse({
    timeColumn: 'Time',
    columns: [
      { column: 'HR', kind: 'heartRate' },
      { column: 'BP', kind: 'bloodPressure', component: 'pair', unit: 'mmHg' },
      { column: 'T', kind: 'temperature', unit: '[degF]' },
    ],
  });
  const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('', '-', '--.-%', '72', '98.6', '120/80', '-999', '2025-11-10T10:00:00Z', '"', ',', '\n'));
  const csvLike = fc
    .array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 })
    .map((rows) => ['Time,HR,BP,T', ...rows.map((r) => r.join(','))].join('\n'));

  it('never throws; refusals and row problems are located and explained; readings are well formed', () => {
    const check = (text: string) => {
      const result = readCsv(text, mapping);
      result.issues.forEach(wellFormedIssue);
      if (result.ok) result.readings.forEach(wellFormedReading);
      else expect(result.issues.length).toBeGreaterThan(0);
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), RUNS);
    fc.assert(fc.property(csvLike, check), RUNS);
    fc.assert(fc.property(mutated(fixture('csv-bom-preamble.csv')), (text) => check(text)), RUNS);
  });
});

describe('the FHIR reader under arbitrary input', () => {
  it('never throws on any JSON or non-JSON; refuses with a reason', () => {
    const check = (text: string) => {
      const result = readFhir(text, 'UTC');
      result.issues.forEach(wellFormedIssue);
      if (result.ok) for (const row of result.rows) wellFormedReading(row.reading);
      else expect(result.issues[0]?.message.length).toBeGreaterThan(0);
    };
    fc.assert(fc.property(fc.string({ maxLength: 200 }), check), RUNS);
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), check), RUNS);
    const observation = fc.record(
      {
        resourceType: fc.constantFrom('Observation', 'Patient', 7),
        status: fc.constantFrom('final', 'cancelled', undefined, 3),
        code: fc.oneof(fc.anything(), fc.constant({ coding: [{ system: 'http://loinc.org', code: '85354-9' }] }), fc.constant({ coding: [{ system: 'http://loinc.org', code: '8867-4' }] })),
        effectiveDateTime: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('2025-11-10', '2025-11-10T10:00:00+01:00', '2025', '2025-13-40T99:00:00Z')),
        valueQuantity: fc.oneof(fc.anything(), fc.record({ value: fc.oneof(fc.double(), fc.integer()), code: fc.constantFrom('/min', 'Cel', '[degF]', 'mm[Hg]', '', 'kg') }, { requiredKeys: [] })),
        component: fc.oneof(fc.anything(), fc.array(fc.record({ code: fc.constant({ coding: [{ system: 'http://loinc.org', code: '8480-6' }] }), valueQuantity: fc.record({ value: fc.integer(), code: fc.constant('mm[Hg]') }) }), { maxLength: 3 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(observation, (o) => check(JSON.stringify(o))), RUNS);
    fc.assert(fc.property(fc.array(observation, { maxLength: 5 }), (list) => check(JSON.stringify({ resourceType: 'Bundle', entry: list.map((resource) => ({ resource })) }))), RUNS);
  });
});
