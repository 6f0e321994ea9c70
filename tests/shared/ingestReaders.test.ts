import fs from 'node:fs';
import path from 'node:path';
import { Hl7Message } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { csvMappingSchema, readCsv } from '../../shared/ingest/csv.ts';
import { readFhir } from '../../shared/ingest/fhir.ts';
import { type Hl7Parsed, hl7Readings, readHl7, splitHl7Messages, unescapeHl7 } from '../../shared/ingest/hl7.ts';
import { parseHl7Time, parseIsoTime } from '../../shared/ingest/time.ts';
import type { IngestIssue, IngestReading } from '../../shared/ingest/types.ts';
import { describeWhen } from '../support/requirements.ts';

/** The shared device samples, read in place (never copied into the project). */
const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/device-samples');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/ingest');
const samplesPresent = fs.existsSync(SAMPLES);
const sample = (name: string): string => fs.readFileSync(path.join(SAMPLES, name), 'utf8');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function readOne(text: string): Hl7Parsed {
  const chunks = splitHl7Messages(text);
  expect(chunks).toHaveLength(1);
  const read = readHl7(chunks[0]?.text ?? '');
  if (!read.ok) throw new Error(`not read: ${read.message}`);
  return read.message;
}

/** A reading without the fields every test would repeat. */
const brief = (r: IngestReading) => ({ kind: r.kind, values: r.values, unit: r.unit, observedAt: r.observedAt, assumed: r.timeAssumedZone, source: r.timeSource, at: r.location, channel: r.channel, sentinel: r.sentinel });
const codesOf = (issues: IngestIssue[]) => issues.map((i) => `${i.location} ${i.code} ${i.severity}`);

describeWhen(samplesPresent, `${SAMPLES} is absent`, 'device samples, read value by value', () => {
  it('every sample file has a test below', () => {
    expect(fs.readdirSync(SAMPLES).filter((f) => f !== 'README.md').sort()).toEqual([
      'fhir-r4-observation-bloodpressure.json',
      'fhir-r4-observation-body-temperature.json',
      'fhir-r4-observation-heart-rate.json',
      'fhir-r4-observation-respiratory-rate.json',
      'fhir-r4-observation-satO2.json',
      'hl7-continua-wan-pcd01-pulse-oximeter-ipf.hl7',
      'hl7-continua-wan-pcd01-thermometer-fahrenheit-ipf.hl7',
      'hl7-edge-hapi-oru-no-pid-ft-escapes.hl7',
      'hl7-edge-hapi-oru-space-separated-obx.hl7',
      'hl7-ihe-pcd01-awaregateway-multiparam-ipf.hl7',
      'hl7-philips-intellivue-pic-ix-pcd01-pocd-ig.hl7',
    ]);
  });

  it('Philips PIC iX (PoCD IG): HR 60 from OBR-7 with its offset; device rows, enumerations and the broken waveform skipped', () => {
    const message = readOne(sample('hl7-philips-intellivue-pic-ix-pcd01-pocd-ig.hl7'));
    expect(message.header).toMatchObject({ controlId: 'HP0425230332.872USDANRMMD1NBR488', messageType: 'ORU^R01', processingId: 'D', sendingApplication: 'SendingApplication' });
    expect(message.test).toBe(true);
    expect(message.patientIds).toEqual(['12345', '6789']);
    expect(message.location).toMatchObject({ pointOfCare: 'My Unit', room: '', bed: 'Bed1', key: 'My Unit^^Bed1^Institution' });
    expect(message.deviceId).toBe('0009fbFFFF9b42b3');
    const { readings, issues } = hl7Readings(message, 'UTC');
    expect(readings.map(brief)).toEqual([
      { kind: 'heartRate', values: { value: 60 }, unit: '/min', observedAt: '2021-04-25T23:03:31.496-04:00', assumed: null, source: 'OBR-7', at: 'OBX 7', channel: '1.2.1.1', sentinel: false },
    ]);
    expect(codesOf(issues)).toEqual([
      'OBX 4 device_description skipped',
      'OBX 5 device_description skipped',
      'OBX 6 device_description skipped',
      'OBX 8 enumeration skipped',
      'OBX 10 enumeration skipped',
      'OBX 11 waveform skipped',
    ]);
  });

  it('AwareGateway (IHE PCD-01): UCUM units, zone-less OBR-7 read in the device zone; invasive pressures and PVC count named as unmapped', () => {
    const message = readOne(sample('hl7-ihe-pcd01-awaregateway-multiparam-ipf.hl7'));
    expect(message.header.controlId).toBe('12d15a9:11df9e61347:-7fee:30456965');
    expect(message.header.sendingFacility).toBe('MMS');
    expect(message.patientIds).toEqual(['AB60001']);
    expect(message.location.key).toBe('3 WEST ICU^3001^1');
    expect(message.deviceId).toBe('080019FFFF4F6AC0');
    const { readings, issues } = hl7Readings(message, 'America/New_York');
    expect(readings.map(brief)).toEqual([
      { kind: 'heartRate', values: { value: 60 }, unit: '/min', observedAt: '2008-12-11T14:45:00.000-05:00', assumed: 'America/New_York', source: 'OBR-7', at: 'OBX 1', channel: '1.6.1.1', sentinel: false },
    ]);
    expect(codesOf(issues)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((n) => `OBX ${n} unmapped_code error`));
    expect(issues[1]?.message).toContain('150035^MDC_PRESS_BLD_ART_MEAN^MDC');
  });

  it('Continua pulse oximeter: SpO2 80.5 % at OBX-14 (not MSH-7 or OBR-7); pleth waveform and device row skipped', () => {
    const message = readOne(sample('hl7-continua-wan-pcd01-pulse-oximeter-ipf.hl7'));
    expect(message.patientIds).toEqual(['789567']);
    expect(message.location.key).toBeNull();
    expect(message.deviceId).toBe('ACDE48234567ABCD');
    const { readings, issues } = hl7Readings(message, 'Europe/Berlin');
    expect(readings.map(brief)).toEqual([
      { kind: 'spo2', values: { value: 80.5 }, unit: '%', observedAt: '2009-07-15T07:07:07.000+00:00', assumed: null, source: 'OBX-14', at: 'OBX 2', channel: '1.0.0.1', sentinel: false },
    ]);
    expect(codesOf(issues)).toEqual(['OBX 1 device_description skipped', 'OBX 3 waveform skipped']);
  });

  it('Continua thermometer: 98.6 in MDC_DIM_FAHR stays Fahrenheit for the catalogue to convert', () => {
    const { readings } = hl7Readings(readOne(sample('hl7-continua-wan-pcd01-thermometer-fahrenheit-ipf.hl7')), 'UTC');
    expect(readings.map(brief)).toEqual([
      { kind: 'temperature', values: { value: 98.6 }, unit: '[degF]', observedAt: '2009-07-15T07:07:07.000+00:00', assumed: null, source: 'OBX-14', at: 'OBX 2', channel: '1.0.0.1', sentinel: false },
    ]);
  });

  it('HAPI edge case: five OBX glued on with spaces are found; TX text is skipped, not an error', () => {
    const message = readOne(sample('hl7-edge-hapi-oru-space-separated-obx.hl7'));
    expect(message.header).toMatchObject({ version: '2.2', processingId: 'D', messageTime: '1994050216163360' });
    expect(message.patientIds).toEqual(['N00803']);
    const { readings, issues } = hl7Readings(message, 'UTC');
    expect(readings).toEqual([]);
    expect(codesOf(issues)).toEqual([1, 2, 3, 4, 5].map((n) => `OBX #${n} text skipped`));
    expect(issues[3]?.message).toContain('display for multiple exams.');
  });

  it('HAPI edge case: no PID, CR only with no final terminator, FT escapes undone', () => {
    const text = sample('hl7-edge-hapi-oru-no-pid-ft-escapes.hl7');
    const message = readOne(text);
    expect(message.patientIds).toEqual([]);
    expect(message.location).toMatchObject({ pointOfCare: '', room: 'DIS', bed: 'DIS', key: '^DIS^DIS^2220' });
    expect(message.header).toMatchObject({ processingId: 'T', messageTime: '201106161233', controlId: '72313573' });
    const { readings, issues } = hl7Readings(message, 'UTC');
    expect(readings).toEqual([]);
    expect(codesOf(issues)).toEqual(['OBX 1 text skipped']);
    const parsed = Hl7Message.parse(splitHl7Messages(text)[0]?.text ?? '');
    const ft = parsed.getSegment('OBX')?.getField(5)?.toString() ?? '';
    const plain = unescapeHl7(ft, parsed);
    expect(plain).toContain('Calculated (37 ^o C) :');
    expect(plain).toContain('pH :  7.28 (7.38-7.43) *\n');
    expect(plain).not.toMatch(/\\[HN]\\/);
  });

  it('FHIR heart rate, respiratory rate, temperature: LOINC, UCUM code (not display unit), date-only effective at 12:00 in the import zone', () => {
    const cases = [
      ['fhir-r4-observation-heart-rate.json', 'heartRate', 44, '/min'],
      ['fhir-r4-observation-respiratory-rate.json', 'respiratoryRate', 26, '/min'],
      ['fhir-r4-observation-body-temperature.json', 'temperature', 36.5, 'Cel'],
    ] as const;
    for (const [file, kind, value, unit] of cases) {
      const result = readFhir(sample(file), 'Europe/Berlin');
      if (!result.ok) throw new Error(file);
      expect(result.rows.map((r) => brief(r.reading))).toEqual([
        { kind, values: { value }, unit, observedAt: '1999-07-02T12:00:00.000+02:00', assumed: 'Europe/Berlin', source: 'effectiveDateTime', at: expect.stringContaining('Observation'), channel: '', sentinel: false },
      ]);
      expect(codesOf(result.issues)).toEqual([expect.stringMatching(/date_only_time warning$/)]);
    }
  });

  it('FHIR blood pressure: panel 85354-9 with components 8480-6 / 8462-4 becomes one reading 107/60', () => {
    const result = readFhir(sample('fhir-r4-observation-bloodpressure.json'), 'UTC');
    if (!result.ok) throw new Error('not read');
    expect(result.rows.map((r) => brief(r.reading))).toEqual([
      { kind: 'bloodPressure', values: { systolic: 107, diastolic: 60 }, unit: 'mm[Hg]', observedAt: '2012-09-17T12:00:00.000+00:00', assumed: 'UTC', source: 'effectiveDateTime', at: 'Observation (blood-pressure)', channel: '', sentinel: false },
    ]);
  });

  it('FHIR SpO2 with three codings and an offset: 95 % at 09:30:10+01:00, no zone assumed', () => {
    const result = readFhir(sample('fhir-r4-observation-satO2.json'), 'UTC');
    if (!result.ok) throw new Error('not read');
    expect(result.rows.map((r) => brief(r.reading))).toEqual([
      { kind: 'spo2', values: { value: 95 }, unit: '%', observedAt: '2014-12-05T09:30:10.000+01:00', assumed: null, source: 'effectiveDateTime', at: 'Observation (satO2)', channel: '', sentinel: false },
    ]);
    expect(result.issues).toEqual([]);
  });
});

describe('own fixtures for the quirks no sample shows', () => {
  it('missing-value sentinels pass through as device readings (for the technical alarm); real values beside them are kept', () => {
    const message = readOne(fixture('hl7-sentinels.hl7'));
    expect(message.patientIds).toEqual([]);
    expect(message.location.key).toBe('HDU^507^3');
    const { readings, issues } = hl7Readings(message, 'UTC');
    expect(issues).toEqual([]);
    expect(readings.map((r) => [r.kind, r.values, r.sentinel])).toEqual([
      ['spo2', { value: -100 }, true],
      ['heartRate', { value: 32767 }, true],
      ['respiratoryRate', { value: 14 }, false],
      ['bloodPressure', { systolic: 8388607, diastolic: 8388607 }, true],
    ]);
  });

  it('demo/test flags: MSH-11 T marks the message, OBX-8 DEMO / TEST mark the readings', () => {
    const message = readOne(fixture('hl7-test-flags.hl7'));
    expect(message.test).toBe(true);
    expect(message.header.processingId).toBe('T');
    const { readings } = hl7Readings(message, 'UTC');
    expect(readings.map((r) => [r.kind, r.values, r.flags])).toEqual([
      ['heartRate', { value: 72 }, ['DEMO']],
      ['spo2', { value: 97 }, ['TEST']],
    ]);
  });

  it('duplicate parameters are told apart by OBX-4; NONINV and CUFF families pair by channel group and time; a lone systolic is named', () => {
    const { readings, issues } = hl7Readings(readOne(fixture('hl7-duplicate-channels.hl7')), 'UTC');
    expect(readings.map((r) => [r.kind, r.values, r.channel, r.observedAt])).toEqual([
      ['temperature', { value: 36.8 }, '1.7.1.150364', '2025-11-10T11:59:00.000+01:00'],
      ['temperature', { value: 37.4 }, '1.7.2.150364', '2025-11-10T11:59:00.000+01:00'],
      ['heartRate', { value: 88 }, '1.1.1.147842', '2025-11-10T11:59:00.000+01:00'],
      ['heartRate', { value: 86 }, '1.3.1.149530', '2025-11-10T11:59:00.000+01:00'],
      ['meanArterialPressure', { value: 100 }, '1.4.1.150303', '2025-11-10T11:55:00.000+01:00'],
      ['bloodPressure', { systolic: 132, diastolic: 84 }, '1.4.1', '2025-11-10T11:55:00.000+01:00'],
      ['bloodPressure', { systolic: 128, diastolic: 80 }, '1.4.1', '2025-11-10T11:40:00.000+01:00'],
    ]);
    expect(new Set(readings.map((r) => r.key)).size).toBe(readings.length);
    expect(codesOf(issues)).toEqual(['OBX #10 incomplete_blood_pressure error']);
  });

  it('zone-less timestamps use the device zone, recorded as assumed, across both DST changes; 16/17-digit forms read', () => {
    const chunks = splitHl7Messages(fixture('hl7-zoneless-times.hl7'));
    expect(chunks.map((c) => c.line)).toEqual([1, 9]);
    const all = chunks.flatMap((c) => {
      const read = readHl7(c.text);
      if (!read.ok) throw new Error(read.message);
      return hl7Readings(read.message, 'Europe/Berlin').readings;
    });
    expect(all.map((r) => [r.kind, r.observedAt, new Date(r.observedAt).toISOString(), r.timeAssumedZone, r.timeSource])).toEqual([
      // 02:30 happens twice on 26 Oct 2025: the earlier (CEST) is taken.
      ['heartRate', '2025-10-26T02:30:00.000+02:00', '2025-10-26T00:30:00.000Z', 'Europe/Berlin', 'OBX-14'],
      ['spo2', '2025-10-26T01:30:00.123+02:00', '2025-10-25T23:30:00.123Z', 'Europe/Berlin', 'OBX-14'],
      ['respiratoryRate', '2025-10-26T03:30:00.500+01:00', '2025-10-26T02:30:00.500Z', 'Europe/Berlin', 'OBX-14'],
      // 02:30 does not exist on 30 Mar 2025: read with the offset before the gap.
      ['heartRate', '2025-03-30T02:30:00.000+01:00', '2025-03-30T01:30:00.000Z', 'Europe/Berlin', 'OBR-7'],
    ]);
  });

  it('device-description rows are skipped; Fahrenheit in MDC and UCUM kept with its unit; a temperature without a unit is refused', () => {
    const { readings, issues } = hl7Readings(readOne(fixture('hl7-device-rows-fahrenheit.hl7')), 'UTC');
    expect(readings.map((r) => [r.kind, r.values, r.unit])).toEqual([
      ['temperature', { value: 99.5 }, '[degF]'],
      ['temperature', { value: 100.4 }, '[degF]'],
    ]);
    expect(codesOf(issues)).toEqual(['OBX 1 device_description skipped', 'OBX 2 device_description skipped', 'OBX 3 device_description skipped', 'OBX 6 unmapped_unit error']);
  });

  it('CSV with a BOM and preamble lines: header found, units per column (°F), missing markers and sentinels read as gaps', () => {
    const mapping = csvMappingSchema.parse({
      timeColumn: 'Time',
      timeZone: 'Europe/Berlin',
      columns: [
        { column: 'HR (bpm)', kind: 'heartRate', unit: 'bpm' },
        { column: 'SpO2 (%)', kind: 'spo2', unit: '%' },
        { column: 'NIBP Sys', kind: 'bloodPressure', component: 'systolic', unit: 'mmHg' },
        { column: 'NIBP Dia', kind: 'bloodPressure', component: 'diastolic', unit: 'mmHg' },
        { column: 'Temp (F)', kind: 'temperature', unit: '°F' },
        { column: 'RR', kind: 'respiratoryRate', unit: '/min' },
      ],
    });
    const text = fixture('csv-bom-preamble.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const result = readCsv(text, mapping);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.headerRow).toBe(5);
    expect(result.dataRows).toBe(5);
    const at = (hh: string) => `2025-11-10T13:${hh}:00.000+01:00`;
    expect(result.readings.map((r) => [r.location, r.kind, r.values, r.unit, r.observedAt])).toEqual([
      ['row 6', 'heartRate', { value: 72 }, '/min', at('00')],
      ['row 6', 'spo2', { value: 98 }, '%', at('00')],
      ['row 6', 'temperature', { value: 98.2 }, '[degF]', at('00')],
      ['row 6', 'respiratoryRate', { value: 14 }, '/min', at('00')],
      ['row 6', 'bloodPressure', { systolic: 118, diastolic: 76 }, 'mm[Hg]', at('00')],
      ['row 7', 'heartRate', { value: 74 }, '/min', at('01')],
      ['row 7', 'spo2', { value: 97 }, '%', at('01')],
      ['row 7', 'respiratoryRate', { value: 15 }, '/min', at('01')],
      ['row 8', 'spo2', { value: 96 }, '%', at('02')],
      ['row 8', 'temperature', { value: 98.4 }, '[degF]', at('02')],
      ['row 8', 'bloodPressure', { systolic: 121, diastolic: 79 }, 'mm[Hg]', at('02')],
      ['row 9', 'heartRate', { value: 77 }, '/min', at('03')],
      ['row 9', 'temperature', { value: 98.6 }, '[degF]', at('03')],
      ['row 9', 'respiratoryRate', { value: 16 }, '/min', at('03')],
      ['row 10', 'heartRate', { value: 78 }, '/min', at('04')],
      ['row 10', 'spo2', { value: 95 }, '%', at('04')],
      ['row 10', 'temperature', { value: 99.1 }, '[degF]', at('04')],
    ]);
    expect(result.readings.every((r) => r.timeAssumedZone === 'Europe/Berlin')).toBe(true);
    expect(codesOf(result.issues)).toEqual([
      'rows 1–4 preamble skipped',
      'row 7, NIBP Sys missing_value skipped',
      'row 7, NIBP Dia missing_value skipped',
      'row 7, Temp (F) missing_value skipped',
      'row 8, HR (bpm) missing_value skipped',
      'row 8, RR missing_value skipped',
      'row 9, SpO2 (%) missing_value skipped',
      'row 9, NIBP Dia missing_value skipped',
      'row 9 incomplete_blood_pressure skipped',
      'row 10, NIBP Sys missing_value skipped',
      'row 10, RR missing_value skipped',
      'row 10 incomplete_blood_pressure skipped',
    ]);
  });

  it('CSV header/data column drift is reported row by row; a trailing empty cell is not drift; dd/mm/yyyy read as asked', () => {
    const mapping = csvMappingSchema.parse({
      delimiter: ';',
      timeColumn: 'Time',
      timeFormat: 'dmy',
      timeZone: '+01:00',
      columns: [
        { column: 'HR', kind: 'heartRate' },
        { column: 'SpO2', kind: 'spo2' },
        { column: 'Sys/Dia', kind: 'bloodPressure', component: 'pair', unit: 'mmHg' },
      ],
    });
    const result = readCsv(fixture('csv-column-drift.csv'), mapping);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.readings.map((r) => [r.location, r.kind, r.values, r.observedAt])).toEqual([
      ['row 2', 'heartRate', { value: 70 }, '2025-11-10T13:00:00.000+01:00'],
      ['row 2', 'spo2', { value: 98 }, '2025-11-10T13:00:00.000+01:00'],
      ['row 2', 'bloodPressure', { systolic: 120, diastolic: 80 }, '2025-11-10T13:00:00.000+01:00'],
      ['row 3', 'heartRate', { value: 71 }, '2025-11-10T13:01:00.000+01:00'],
      ['row 3', 'spo2', { value: 97 }, '2025-11-10T13:01:00.000+01:00'],
      ['row 6', 'heartRate', { value: 74 }, '2025-11-10T13:04:00.000+01:00'],
      ['row 6', 'spo2', { value: 95 }, '2025-11-10T13:04:00.000+01:00'],
      ['row 6', 'bloodPressure', { systolic: 119, diastolic: 78 }, '2025-11-10T13:04:00.000+01:00'],
    ]);
    expect(codesOf(result.issues)).toEqual([
      'row 3, Sys/Dia missing_value skipped',
      'row 4 column_drift error',
      'row 5 column_drift error',
      'row 7 invalid_time error',
    ]);
    expect(result.issues[1]?.message).toBe('row has 5 cells, the header 4; its columns cannot be matched');
  });

  it('CSV mappings are checked before reading: unknown columns, duplicate header names, a unit a kind does not take', () => {
    const bad = csvMappingSchema.safeParse({ timeColumn: 'Time', timeZone: 'Mars/Olympus', columns: [{ column: 'HR', kind: 'heartRate', unit: '°F' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['columns.0.unit', 'timeZone']);
    const mapping = csvMappingSchema.parse({ timeColumn: 'Time', columns: [{ column: 'HR', kind: 'heartRate' }] });
    expect(readCsv('Time,HR,HR\n2025-11-10T10:00:00Z,1,2\n', mapping)).toMatchObject({ ok: false, issues: [{ code: 'ambiguous_column' }] });
    expect(readCsv('Time,Pulse\n2025-11-10T10:00:00Z,1\n', mapping)).toMatchObject({ ok: false, issues: [{ code: 'header_not_found' }] });
    // A headerless export is mapped by position.
    const byIndex = csvMappingSchema.parse({ headerRow: null, timeColumn: 0, timeFormat: 'unix-s', columns: [{ column: 1, kind: 'heartRate' }] });
    const headerless = readCsv('1762768800,64\n1762768860,65\n', byIndex);
    expect(headerless.ok && headerless.readings.map((r) => [r.observedAt, r.values])).toEqual([
      ['2025-11-10T10:00:00.000Z', { value: 64 }],
      ['2025-11-10T10:01:00.000Z', { value: 65 }],
    ]);
  });

  it('FHIR bundle: subject MRN kept for routing; dataAbsentReason skipped; a unit with no UCUM code refused; other resources skipped', () => {
    const result = readFhir(fixture('fhir-bundle.json'), 'UTC');
    if (!result.ok) throw new Error('not read');
    expect(result.rows.map((r) => [r.reading.kind, r.reading.values, r.reading.unit, r.patientIds])).toEqual([
      ['heartRate', { value: 81 }, '/min', ['FB-6006']],
      ['bloodPressure', { systolic: 131, diastolic: 83 }, 'mm[Hg]', ['FB-6006']],
      ['temperature', { value: 99.5 }, '[degF]', ['FB-6006']],
    ]);
    expect(codesOf(result.issues)).toEqual(['entry 4 (spo2-absent) data_absent skipped', 'entry 5 (rr-unit-only) unmapped_unit error', 'entry 6 not_an_observation skipped']);
    expect(result.issues[1]?.message).toContain('no UCUM code');
  });
});

describe('HL7 times', () => {
  it('reads the DTM forms devices write, with and without a zone', () => {
    const cases: Array<[string, string | null, string]> = [
      ['20210425230331.496-0400', '2021-04-26T03:03:31.496Z', 'offset and milliseconds'],
      ['20260124124738000+0800', '2026-01-24T04:47:38.000Z', '17 digits, milliseconds without a dot'],
      ['1994050216163360', '1994-05-02T16:16:33.600Z', '16 digits, hundredths without a dot (UTC assumed)'],
      ['20260727124424.0000+0000', '2026-07-27T12:44:24.000Z', 'four fraction digits'],
      ['201106161233', '2011-06-16T12:33:00.000Z', 'minute precision'],
      ['20081211144500', '2008-12-11T14:45:00.000Z', 'no zone (UTC assumed)'],
      ['20090713', null, 'date only: refused'],
      ['20250230120000', null, '30 February: refused'],
      ['20250101120000+1500', null, 'offset beyond +14:00: refused'],
      ['2025-01-01T12:00', null, 'not HL7'],
    ];
    for (const [text, utc, why] of cases) {
      const result = parseHl7Time(text, 'UTC');
      expect(result.ok ? result.time.utc : null, why).toBe(utc);
    }
    expect(parseHl7Time('20090713', 'UTC')).toMatchObject({ ok: false, code: 'imprecise_time' });
    expect(parseHl7Time('20081211144500', 'Nowhere/Atlantis')).toMatchObject({ ok: false, code: 'invalid_zone' });
    expect(parseIsoTime('2025-11-10 13:00', 'Asia/Kolkata')).toMatchObject({ ok: true, time: { iso: '2025-11-10T13:00:00.000+05:30', assumedZone: 'Asia/Kolkata' } });
  });
});
