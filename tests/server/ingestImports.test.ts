import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { recordWithFollowUp, toInput } from '../../server/ingest/recording.ts';
import { describe, expect, it } from 'vitest';
import type { ImportCommitResult, ImportPreview } from '../../shared/ingest/schemas.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { scheduleSession } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { fixture, observationsOf, runningSession, sample, samplesPresent, stored } from '../fixtures/ingest/support.ts';

const HL7_SAMPLES = [
  'hl7-philips-intellivue-pic-ix-pcd01-pocd-ig.hl7',
  'hl7-ihe-pcd01-awaregateway-multiparam-ipf.hl7',
  'hl7-continua-wan-pcd01-pulse-oximeter-ipf.hl7',
  'hl7-continua-wan-pcd01-thermometer-fahrenheit-ipf.hl7',
  'hl7-edge-hapi-oru-space-separated-obx.hl7',
  'hl7-edge-hapi-oru-no-pid-ft-escapes.hl7',
];

const BOM_MAPPING = {
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
};

/**
 * File import: preview (which session each row goes to, row-level problems) and commit (one
 * transaction, source `import`, the file name kept, audited) for HL7 batches, CSV and FHIR.
 */
describeEachEngine('ingest: file import', (engine) => {
  const fx = useTestServer(engine);

  describe.runIf(samplesPresent)('every sample file', () => {
    it('the FHIR samples: each value stored as an import with its file name; date-only times at noon in the import zone', async () => {
      const running = await runningSession(fx, 'FHIR-SAMPLES');
      const nurse = fx.api('nurse');
      const files = ['fhir-r4-observation-heart-rate.json', 'fhir-r4-observation-bloodpressure.json', 'fhir-r4-observation-satO2.json', 'fhir-r4-observation-respiratory-rate.json', 'fhir-r4-observation-body-temperature.json'];
      for (const fileName of files) {
        const body = { fileName, content: sample(fileName), sessionId: running.session.id, timeZone: 'Europe/Berlin' };
        const preview = expectStatus(await nurse.post<{ preview: ImportPreview }>('/api/imports/preview', body), 200).preview;
        expect(preview.format).toBe('fhir');
        expect(preview.rows.map((r) => [r.status, r.sessionId])).toEqual([['ok', running.session.id]]);
        expect(preview.rows[0]?.issues.map((i) => i.code)).toContain('outside_session');
        const committed = expectStatus(await nurse.post<ImportCommitResult>('/api/imports/commit', body), 201);
        expect(committed).toMatchObject({ stored: 1, alreadyStored: 0, notImported: 0, fileName });
      }
      const observations = await observationsOf(fx, running.session.id);
      const byKind = (a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind);
      expect(observations.map(stored).sort(byKind)).toEqual(
        [
          { kind: 'heartRate', value: 44, value2: null, unit: '/min', observedAt: '1999-07-02T10:00:00.000Z', offset: 120, source: 'import' },
          { kind: 'respiratoryRate', value: 26, value2: null, unit: '/min', observedAt: '1999-07-02T10:00:00.000Z', offset: 120, source: 'import' },
          { kind: 'temperature', value: 36.5, value2: null, unit: 'Cel', observedAt: '1999-07-02T10:00:00.000Z', offset: 120, source: 'import' },
          { kind: 'bloodPressure', value: 107, value2: 60, unit: 'mm[Hg]', observedAt: '2012-09-17T10:00:00.000Z', offset: 120, source: 'import' },
          { kind: 'spo2', value: 95, value2: null, unit: '%', observedAt: '2014-12-05T08:30:10.000Z', offset: 60, source: 'import' },
        ].sort(byKind),
      );
      const files2 = await fx.server.server.services.db.selectFrom('observations').select(['kind', 'source_file']).where('session_id', '=', running.session.id).execute();
      expect(Object.fromEntries(files2.map((f) => [f.kind, f.source_file]))).toEqual({
        heartRate: 'fhir-r4-observation-heart-rate.json',
        bloodPressure: 'fhir-r4-observation-bloodpressure.json',
        spo2: 'fhir-r4-observation-satO2.json',
        respiratoryRate: 'fhir-r4-observation-respiratory-rate.json',
        temperature: 'fhir-r4-observation-body-temperature.json',
      });
      const audit = expectStatus(await fx.api('admin').get<{ entries: Array<{ action: string; after: { fileName: string; stored: number } }> }>('/api/admin/audit?action=import.committed'), 200).entries;
      expect(audit.map((e) => e.after.fileName).sort()).toEqual([...files].sort());
    });

    it('the HL7 samples as one batch file (CRLF, LF, CR, glued segments): unmapped rows block the commit until skipped; then four readings', async () => {
      const running = await runningSession(fx, 'HL7-BATCH');
      const content = HL7_SAMPLES.map(sample).join('\n\n');
      const body = { fileName: 'all-samples.hl7', content, sessionId: running.session.id, timeZone: 'UTC' };
      const preview = expectStatus(await fx.api('nurse').post<{ preview: ImportPreview }>('/api/imports/preview', body), 200).preview;
      expect(preview.format).toBe('hl7');
      expect(preview.rows.map((r) => [r.location, r.kind, r.values, r.unit, r.observedAt, r.status])).toEqual([
        ['OBX 7 (message 1, line 1)', 'heartRate', { value: 60 }, '/min', '2021-04-25T23:03:31.496-04:00', 'ok'],
        ['OBX 1 (message 2, line 15)', 'heartRate', { value: 60 }, '/min', '2008-12-11T14:45:00.000+00:00', 'ok'],
        ['OBX 2 (message 3, line 30)', 'spo2', { value: 80.5 }, '%', '2009-07-15T07:07:07.000+00:00', 'ok'],
        ['OBX 2 (message 4, line 38)', 'temperature', { value: 98.6 }, '[degF]', '2009-07-15T07:07:07.000+00:00', 'ok'],
      ]);
      expect(preview.issues.filter((i) => i.severity === 'error').map((i) => i.location)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((n) => `OBX ${n} (message 2, line 15)`));
      expect(preview.summary).toMatchObject({ ok: 4, errors: 8 });
      const refused = expectError(await fx.api('nurse').post('/api/imports/commit', body), 422, 'import_has_errors');
      expect(refused.issues?.[0]).toMatchObject({ path: 'OBX 2 (message 2, line 15)', code: 'unmapped_code' });
      expect(await observationsOf(fx, running.session.id)).toEqual([]);
      const committed = expectStatus(await fx.api('nurse').post<ImportCommitResult>('/api/imports/commit', { ...body, skipInvalidRows: true }), 201);
      expect(committed).toMatchObject({ stored: 4, notImported: 0 });
      expect((await observationsOf(fx, running.session.id)).map((o) => [o.observedAt, o.kind, o.value, o.source, o.sourceValue]).sort()).toEqual([
        ['2008-12-11T14:45:00.000Z', 'heartRate', 60, 'import', null],
        ['2009-07-15T07:07:07.000Z', 'spo2', 80.5, 'import', null],
        ['2009-07-15T07:07:07.000Z', 'temperature', 37, 'import', 98.6],
        ['2021-04-26T03:03:31.496Z', 'heartRate', 60, 'import', null],
      ]);
    });
  });

  describe('CSV', () => {
    it('BOM, preamble, per-column units: preview, commit, mapping remembered per device model, re-import stores nothing twice', async () => {
      const running = await runningSession(fx, 'BOM-5005');
      const nurse = fx.api('nurse');
      const content = fixture('csv-bom-preamble.csv');
      const body = { fileName: 'vitalsview.csv', content, sessionId: running.session.id, deviceModel: 'Acme VitalsView 3.2', csv: BOM_MAPPING };
      const preview = expectStatus(await nurse.post<{ preview: ImportPreview }>('/api/imports/preview', body), 200).preview;
      expect(preview).toMatchObject({ format: 'csv', summary: { ok: 17, errors: 0 } });
      expect(preview.rows.every((r) => r.sessionId === running.session.id && r.sessionLabel?.endsWith('· BOM-5005'))).toBe(true);
      expect(preview.rows[0]?.issues.map((i) => i.code)).toEqual(['time_zone_assumed', 'outside_session']);
      const committed = expectStatus(await nurse.post<ImportCommitResult>('/api/imports/commit', body), 201);
      expect(committed).toMatchObject({ stored: 17, alreadyStored: 0 });
      const observations = await observationsOf(fx, running.session.id);
      expect(observations.filter((o) => o.kind === 'temperature').map((o) => [o.value, o.sourceValue])).toEqual([
        [36.78, 98.2],
        [36.89, 98.4],
        [37, 98.6],
        [37.28, 99.1],
      ]);
      expect(observations.filter((o) => o.kind === 'bloodPressure').map((o) => [o.value, o.value2, o.observedAt])).toEqual([
        [118, 76, '2025-11-10T12:00:00.000Z'],
        [121, 79, '2025-11-10T12:02:00.000Z'],
      ]);
      const mappings = expectStatus(await nurse.get<{ mappings: Array<{ deviceModel: string }> }>('/api/imports/column-mappings'), 200).mappings;
      expect(mappings.map((m) => m.deviceModel)).toContain('Acme VitalsView 3.2');
      // The next export of that model needs only its model name; the same rows are not stored again.
      const again = expectStatus(await nurse.post<ImportCommitResult>('/api/imports/commit', { fileName: 'vitalsview-2.csv', content, sessionId: running.session.id, deviceModel: 'Acme VitalsView 3.2' }), 201);
      expect(again).toMatchObject({ stored: 0, alreadyStored: 17 });
      expect(await observationsOf(fx, running.session.id)).toHaveLength(17);
      expectError(await nurse.post('/api/imports/preview', { fileName: 'x.csv', content, sessionId: running.session.id, deviceModel: 'Unknown Model' }), 422, 'mapping_required');
    });

    it('column drift is reported per row; the commit refuses the file, or stores only the good rows when asked', async () => {
      const running = await runningSession(fx, 'DRIFT-1');
      const body = {
        fileName: 'drift.csv',
        content: fixture('csv-column-drift.csv'),
        sessionId: running.session.id,
        csv: { delimiter: ';', timeColumn: 'Time', timeFormat: 'dmy', timeZone: '+01:00', columns: [{ column: 'HR', kind: 'heartRate' }, { column: 'SpO2', kind: 'spo2' }, { column: 'Sys/Dia', kind: 'bloodPressure', component: 'pair', unit: 'mmHg' }] },
      };
      const preview = expectStatus(await fx.api('nurse').post<{ preview: ImportPreview }>('/api/imports/preview', body), 200).preview;
      expect(preview.summary).toMatchObject({ ok: 8, errors: 3 });
      expect(preview.issues.filter((i) => i.severity === 'error').map((i) => `${i.location} ${i.code}`)).toEqual(['row 4 column_drift', 'row 5 column_drift', 'row 7 invalid_time']);
      const refused = expectError(await fx.api('nurse').post('/api/imports/commit', body), 422, 'import_has_errors');
      expect(refused.issues?.map((i) => i.path)).toEqual(['row 4', 'row 5', 'row 7']);
      expect(await observationsOf(fx, running.session.id)).toEqual([]);
      expect(expectStatus(await fx.api('nurse').post<ImportCommitResult>('/api/imports/commit', { ...body, skipInvalidRows: true }), 201)).toMatchObject({ stored: 8 });
    });
  });

  describe('FHIR routing and refusals', () => {
    it('a bundle whose subject MRN has a session covering the time goes there by itself; otherwise the row asks for a session', async () => {
      const running = await runningSession(fx, 'FB-6006');
      const bundle = JSON.parse(fixture('fhir-bundle.json')) as { entry: Array<{ resource: Record<string, unknown> }> };
      const unrouted = expectStatus(await fx.api('nurse').post<{ preview: ImportPreview }>('/api/imports/preview', { fileName: 'bundle.json', content: JSON.stringify(bundle) }), 200).preview;
      expect(unrouted.rows.map((r) => [r.kind, r.status, r.issues.map((i) => i.code)])).toEqual([
        ['heartRate', 'error', ['no_session']],
        ['bloodPressure', 'error', ['no_session']],
        ['temperature', 'error', ['no_session']],
      ]);
      expect(unrouted.issues.map((i) => `${i.location} ${i.code}`)).toEqual(['entry 4 (spo2-absent) data_absent', 'entry 5 (rr-unit-only) unmapped_unit', 'entry 6 not_an_observation']);
      // Now, within the running session (after its check-in): the MRN finds it.
      const now = new Date().toISOString();
      for (const entry of bundle.entry) if (entry.resource.effectiveDateTime) entry.resource.effectiveDateTime = now;
      const routed = expectStatus(await fx.api('nurse').post<{ preview: ImportPreview }>('/api/imports/preview', { fileName: 'bundle.json', content: JSON.stringify(bundle) }), 200).preview;
      expect(routed.rows.map((r) => [r.kind, r.status, r.sessionId])).toEqual([
        ['heartRate', 'ok', running.session.id],
        ['bloodPressure', 'ok', running.session.id],
        ['temperature', 'ok', running.session.id],
      ]);
      const committed = expectStatus(await fx.api('nurse').post<ImportCommitResult>('/api/imports/commit', { fileName: 'bundle.json', content: JSON.stringify(bundle), skipInvalidRows: true }), 201);
      expect(committed).toMatchObject({ stored: 3 });
      expect((await observationsOf(fx, running.session.id)).map((o) => [o.kind, o.value, o.value2]).sort()).toEqual([
        ['bloodPressure', 131, 83],
        ['heartRate', 81, null],
        ['temperature', 37.5, null],
      ]);
    });

    it('a session not yet checked in takes nothing; nothing is stored and no import is recorded', async () => {
      const scheduled = await scheduleSession(fx);
      const body = { fileName: 'early.csv', content: 'Time,HR\n2025-11-10T10:00:00Z,70\n', sessionId: scheduled.id, csv: { timeColumn: 'Time', columns: [{ column: 'HR', kind: 'heartRate' }] } };
      const preview = expectStatus(await fx.api('nurse').post<{ preview: ImportPreview }>('/api/imports/preview', body), 200).preview;
      expect(preview.rows[0]?.issues.map((i) => i.code)).toContain('session_not_started');
      expectError(await fx.api('nurse').post('/api/imports/commit', body), 422, 'import_has_errors');
      const imports = await fx.server.server.services.db.selectFrom('imports').select('id').where('file_name', '=', 'early.csv').execute();
      expect(imports).toEqual([]);
      expectError(await fx.api('reviewer').post('/api/imports/preview', body), 403, 'forbidden');
      expectError(await fx.api('admin').post('/api/imports/commit', body), 403, 'forbidden');
    });

    it('the readings and the import record commit together: when the readings are refused, no import is recorded', async () => {
      const services = fx.server.server.services;
      const running = await runningSession(fx, 'ATOMIC-1');
      const reading = { key: 'k', kind: 'heartRate' as const, values: { value: 70 }, unit: '/min', observedAt: '2025-11-10T10:00:00+00:00', timeAssumedZone: null, timeSource: 'x', sentinel: false, location: 'row 1', channel: '', code: 'HR', flags: [] };
      const good = toInput(reading, running.session.id, 'import', null, `atomic|${randomUUID()}`);
      const bad = toInput({ ...reading, key: 'k2' }, randomUUID(), 'import', null, `atomic|${randomUUID()}`);
      const marker = randomUUID();
      const actor = fx.server.cast.nurse;
      const followUp = async (trx: Parameters<Parameters<typeof recordWithFollowUp>[4]>[0]) => {
        await trx.insertInto('imports').values({ id: marker, file_name: 'atomic.csv', format: 'csv', file_hash: 'h', device_model: null, row_count: 2, stored_count: 2, summary: '{}', created_at: new Date().toISOString(), created_by: actor.userId }).execute();
      };
      await expect(recordWithFollowUp(services.writer, services.observations, actor, [good, bad], followUp)).rejects.toMatchObject({ code: 'not_found' });
      expect(await services.db.selectFrom('imports').select('id').where('id', '=', marker).execute()).toEqual([]);
      expect(await services.db.selectFrom('observations').select('id').where('id', '=', good.input.id).execute()).toEqual([]);
      await recordWithFollowUp(services.writer, services.observations, actor, [good], followUp);
      expect(await services.db.selectFrom('imports').select('id').where('id', '=', marker).execute()).toHaveLength(1);
    });

    it('arbitrary import requests never get a 500: a preview, or a 4xx naming the field', async () => {
      const running = await runningSession(fx, 'PROP-1');
      const request = fc.record(
        {
          fileName: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('f.txt')),
          content: fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }), fc.constant('MSH|^~\\&|X||||20251110||ORU^R01|1|P|2.6\rOBX|1|NM|150456^^MDC||97|%')),
          format: fc.constantFrom('hl7', 'csv', 'fhir', 'xml', undefined),
          sessionId: fc.constantFrom(running.session.id, 'not-a-uuid', undefined),
          timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'Nowhere', undefined),
          csv: fc.oneof(fc.constant(undefined), fc.constant({ timeColumn: 'Time', columns: [{ column: 'HR', kind: 'heartRate' }] }), fc.anything()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(request, async (body) => {
          const response = await fx.api('nurse').post<{ preview?: ImportPreview; message?: string }>('/api/imports/preview', body);
          expect(response.status).not.toBe(500);
          if (response.status === 200) expect(response.body.preview?.summary).toBeDefined();
          else expect(response.body.message?.length).toBeGreaterThan(0);
        }),
        { numRuns: 40, seed: 11 },
      );
    });
  });
});
