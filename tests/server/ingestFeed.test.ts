import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceIngestStatus, DeviceMapping, InboxEntry } from '../../shared/ingest/schemas.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { createChair } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { deviceToken, fixture, mapDevice, observationsOf, postHl7, runningSession, sample, samplesPresent, stored } from '../fixtures/ingest/support.ts';

/**
 * The live device feed over HTTP (`POST /api/ingest/hl7`, device token): every sample message
 * stored value by value through the one observation path, ACKs AA/AE/AR, resends stored once,
 * the inbox for what could not be placed, device-to-chair mappings, status.
 */
describeEachEngine('ingest: live HL7 feed', (engine) => {
  const fx = useTestServer(engine);
  let token = '';
  const gateway = async () => {
    if (!token) token = await deviceToken(fx.api('admin'));
    return token;
  };

  describe('device-to-chair mappings', () => {
    it('admins list, create and update them; others may read but not change; keys are unique per kind', async () => {
      const admin = fx.api('admin');
      const chair = await createChair(admin);
      const other = await createChair(admin);
      const created = await mapDevice(admin, chair.id, 'device', 'AA00BB11CC22DD33', 'Europe/Vienna');
      expect(created).toMatchObject({ matchOn: 'device', matchKey: 'AA00BB11CC22DD33', chairId: chair.id, chairLabel: chair.label, timeZone: 'Europe/Vienna' });
      const updated = expectStatus(await admin.post<{ mapping: DeviceMapping }>(`/api/ingest/device-mappings/${created.id}`, { chairId: other.id, timeZone: '+02:00' }), 200).mapping;
      expect(updated).toMatchObject({ chairId: other.id, timeZone: '+02:00', matchKey: 'AA00BB11CC22DD33' });
      const listed = expectStatus(await fx.api('nurse').get<{ mappings: DeviceMapping[] }>('/api/ingest/device-mappings'), 200).mappings;
      expect(listed.find((m) => m.id === created.id)?.chairId).toBe(other.id);
      expectError(await fx.api('nurse').post('/api/ingest/device-mappings', { id: randomUUID(), matchKey: 'X', chairId: chair.id }), 403, 'forbidden');
      expectError(await admin.post('/api/ingest/device-mappings', { id: randomUUID(), matchKey: 'aa00bb11cc22dd33', chairId: chair.id }), 409, 'mapping_exists');
      const badZone = expectError(await admin.post('/api/ingest/device-mappings', { id: randomUUID(), matchKey: 'NEW', chairId: chair.id, timeZone: 'Mars/Olympus' }), 422, 'validation_failed');
      expect(badZone.issues?.[0]?.path).toBe('timeZone');
      expectError(await admin.post('/api/ingest/device-mappings', { id: randomUUID(), matchKey: 'NEW', chairId: randomUUID() }), 404, 'not_found');
      const audit = expectStatus(await admin.get<{ entries: Array<{ action: string }> }>(`/api/admin/audit?entityId=${created.id}`), 200);
      expect(audit.entries.map((e) => e.action).sort()).toEqual(['ingest.mapping.created', 'ingest.mapping.updated']);
    });
  });

  describe.runIf(samplesPresent)('every HL7 sample through the live path', () => {
    it('Philips PIC iX: AA, HR 60 at OBR-7 with its offset, mapped by PV1-3 location, MRN from the first PID-3 repetition', async () => {
      const running = await runningSession(fx, '12345');
      await mapDevice(fx.api('admin'), running.chairId, 'location', 'my unit^^Bed1^Institution');
      const { status, acks } = await postHl7(fx.baseUrl, await gateway(), sample('hl7-philips-intellivue-pic-ix-pcd01-pocd-ig.hl7'));
      expect(status).toBe(200);
      expect(acks).toHaveLength(1);
      expect(acks[0]).toMatchObject({ ackCode: 'AA', controlId: 'HP0425230332.872USDANRMMD1NBR488', sessionId: running.session.id, stored: 1, deviceId: '0009fbFFFF9b42b3' });
      expect(acks[0]?.text).toContain('processing id D');
      // The ACK mirrors MSH-3…6 as sent (spaces included), swapping sender and receiver.
      expect(acks[0]?.ack).toMatch(/^MSH\|\^~\\&\|ReceivingApplication\|ReceivingFacility \| SendingApplication\|SendingFacility\|\d{14}\.?\d*\|\|ACK\^R01\^ACK\|CS\d+\|P\|2\.6\r/);
      expect(acks[0]?.ack).toContain('\rMSA|AA|HP0425230332.872USDANRMMD1NBR488|stored 1 reading');
      const observations = await observationsOf(fx, running.session.id);
      expect(observations.map(stored)).toEqual([
        { kind: 'heartRate', value: 60, value2: null, unit: '/min', observedAt: '2021-04-26T03:03:31.496Z', offset: -240, source: 'device' },
      ]);
      expect(observations[0]?.deviceId).toBe('0009fbFFFF9b42b3');
    });

    it('AwareGateway: HR 60 stored in the mapped zone; the eight unmapped rows answered AE with one ERR each and kept in the inbox', async () => {
      const running = await runningSession(fx, 'AB60001');
      await mapDevice(fx.api('admin'), running.chairId, 'location', '3 WEST ICU^3001^1', 'America/New_York');
      const { acks } = await postHl7(fx.baseUrl, await gateway(), sample('hl7-ihe-pcd01-awaregateway-multiparam-ipf.hl7'));
      const ack = acks[0];
      expect(ack).toMatchObject({ ackCode: 'AE', controlId: '12d15a9:11df9e61347:-7fee:30456965', stored: 1 });
      const segments = ack?.ack.split('\r') ?? [];
      expect(segments[1]).toMatch(/^MSA\|AE\|12d15a9:11df9e61347:-7fee:30456965\|stored 1 reading; 8 rows could not be mapped/);
      const errs = segments.filter((s) => s.startsWith('ERR|'));
      expect(errs).toHaveLength(8);
      expect(errs[0]).toBe('ERR||OBX^2|103^Table value not found^HL70357|E|unmapped_code|||OBX 2: 148065\\S\\MDC_ECG_V_P_C_CNT\\S\\MDC is not a vital sign the catalogue knows');
      expect((await observationsOf(fx, running.session.id)).map(stored)).toEqual([
        { kind: 'heartRate', value: 60, value2: null, unit: '/min', observedAt: '2008-12-11T19:45:00.000Z', offset: -300, source: 'device' },
      ]);
      const inbox = expectStatus(await fx.api('nurse').get<{ entries: InboxEntry[] }>('/api/ingest/inbox'), 200).entries;
      const entry = inbox.find((e) => e.id === ack?.inboxId);
      expect(entry).toMatchObject({ reason: 'unmapped_code', deviceId: '080019FFFF4F6AC0', status: 'open', pending: [], suggestedSessionId: running.session.id });
      expect(entry?.problems.map((p) => p.location)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((n) => `OBX ${n}`));
      expect(entry?.raw).toContain('150033^MDC_PRESS_BLD_ART_SYS^MDC');
      // Nothing in it can be recorded: it is dismissed with a reason, and that is audited.
      expectError(await fx.api('nurse').post(`/api/ingest/inbox/${entry?.id}/assign`, { sessionId: running.session.id }), 409, 'nothing_to_assign');
      const dismissed = expectStatus(await fx.api('nurse').post<{ entry: InboxEntry }>(`/api/ingest/inbox/${entry?.id}/dismiss`, { reason: 'Invasive pressures are not charted here' }), 200).entry;
      expect(dismissed).toMatchObject({ status: 'dismissed', resolutionNote: 'Invasive pressures are not charted here' });
    });

    it('Continua oximeter and thermometer (same device and control id, other content): SpO2 80.5 at OBX-14; 98.6 °F stored as 37 °C with the original kept', async () => {
      const running = await runningSession(fx, '789567');
      await mapDevice(fx.api('admin'), running.chairId, 'device', 'ACDE48234567ABCD');
      const oximeter = await postHl7(fx.baseUrl, await gateway(), sample('hl7-continua-wan-pcd01-pulse-oximeter-ipf.hl7'));
      const thermometer = await postHl7(fx.baseUrl, await gateway(), sample('hl7-continua-wan-pcd01-thermometer-fahrenheit-ipf.hl7'));
      expect([oximeter.acks[0]?.ackCode, thermometer.acks[0]?.ackCode]).toEqual(['AA', 'AA']);
      expect(thermometer.acks[0]?.duplicate).toBe(false);
      const observations = await observationsOf(fx, running.session.id);
      expect(observations.map(stored)).toEqual([
        { kind: 'spo2', value: 80.5, value2: null, unit: '%', observedAt: '2009-07-15T07:07:07.000Z', offset: 0, source: 'device' },
        { kind: 'temperature', value: 37, value2: null, unit: 'Cel', observedAt: '2009-07-15T07:07:07.000Z', offset: 0, source: 'device' },
      ]);
      expect(observations[1]).toMatchObject({ sourceValue: 98.6, sourceUnit: '[degF]' });
    });

    it('HAPI edge cases: text-only results are answered AA with nothing to store and nothing left in the inbox', async () => {
      for (const name of ['hl7-edge-hapi-oru-space-separated-obx.hl7', 'hl7-edge-hapi-oru-no-pid-ft-escapes.hl7']) {
        const { acks } = await postHl7(fx.baseUrl, await gateway(), sample(name));
        expect(acks[0], name).toMatchObject({ ackCode: 'AA', stored: 0, inboxId: null, text: expect.stringContaining('no vital-sign readings') });
        expect(acks[0]?.issues.filter((i) => i.severity === 'skipped').map((i) => i.code)).toEqual(name.includes('space') ? ['text', 'text', 'text', 'text', 'text'] : ['text']);
      }
    });
  });

  describe('resends store nothing twice', () => {
    it('the same message again is answered as the first time; the same readings under a new control id are recognised too', async () => {
      const running = await runningSession(fx, `RS-${randomUUID().slice(0, 8)}`);
      await mapDevice(fx.api('admin'), running.chairId, 'device', '0009FBFFFE112233');
      const text = fixture('hl7-duplicate-channels.hl7').replace('DUP-2002', running.patient.mrn);
      const first = (await postHl7(fx.baseUrl, await gateway(), text)).acks[0];
      expect(first).toMatchObject({ ackCode: 'AE', stored: 7, duplicate: false });
      const again = (await postHl7(fx.baseUrl, await gateway(), text)).acks[0];
      expect(again).toMatchObject({ ackCode: 'AE', stored: 0, duplicate: true, text: first?.text, inboxId: first?.inboxId });
      const renumbered = (await postHl7(fx.baseUrl, await gateway(), text.replace('DUP-0001', 'DUP-0002'))).acks[0];
      expect(renumbered).toMatchObject({ stored: 0, duplicate: false, text: expect.stringContaining('stored 0 readings, 7 already stored') });
      const observations = await observationsOf(fx, running.session.id);
      expect(observations.map((o) => [o.kind, o.value, o.value2]).sort()).toEqual(
        [
          ['temperature', 36.8, null],
          ['temperature', 37.4, null],
          ['heartRate', 88, null],
          ['heartRate', 86, null],
          ['meanArterialPressure', 100, null],
          ['bloodPressure', 132, 84],
          ['bloodPressure', 128, 80],
        ].sort(),
      );
    });
  });

  describe('own fixtures through the live path', () => {
    it('sentinels raise the technical alarm and store no value; the real reading beside them is stored; PID empty → the chair decides', async () => {
      const running = await runningSession(fx, `SN-${randomUUID().slice(0, 8)}`);
      await mapDevice(fx.api('admin'), running.chairId, 'location', 'HDU^507^3');
      const ack = (await postHl7(fx.baseUrl, await gateway(), fixture('hl7-sentinels.hl7'))).acks[0];
      expect(ack).toMatchObject({ ackCode: 'AA', stored: 1, sessionId: running.session.id });
      expect(ack?.text).toContain('raised as technical alarm');
      expect((await observationsOf(fx, running.session.id)).map(stored)).toEqual([
        { kind: 'respiratoryRate', value: 14, value2: null, unit: '/min', observedAt: '2025-11-10T09:14:55.000Z', offset: 60, source: 'device' },
      ]);
      const alarms = await fx.server.server.services.db.selectFrom('alarms').select(['rule_id', 'value']).where('session_id', '=', running.session.id).execute();
      expect(alarms.map((a) => a.rule_id)).toEqual(['value.unavailable']);
    });

    it('zone-less timestamps take the mapping zone (assumed, said so in the ACK); two messages in one body get two ACKs', async () => {
      const running = await runningSession(fx, 'TZ-3003');
      await mapDevice(fx.api('admin'), running.chairId, 'device', '080019FFFE0B4020', 'Europe/Berlin');
      const { acks } = await postHl7(fx.baseUrl, await gateway(), fixture('hl7-zoneless-times.hl7'));
      expect(acks.map((a) => [a.controlId, a.ackCode, a.stored])).toEqual([
        ['TZ-0001', 'AA', 3],
        ['TZ-0002', 'AA', 1],
      ]);
      expect(acks[0]?.issues.filter((i) => i.code === 'time_zone_assumed').map((i) => i.message)).toEqual(Array(3).fill('the device gave no time zone; read as Europe/Berlin'));
      expect((await observationsOf(fx, running.session.id)).map((o) => [o.kind, o.observedAt, o.observedOffsetMinutes])).toEqual([
        ['heartRate', '2025-03-30T01:30:00.000Z', 60],
        ['spo2', '2025-10-25T23:30:00.123Z', 120],
        ['heartRate', '2025-10-26T00:30:00.000Z', 120],
        ['respiratoryRate', '2025-10-26T02:30:00.500Z', 60],
      ]);
    });

    it('device-description rows skipped, Fahrenheit converted, a unit-less temperature refused (AE) and kept in the inbox', async () => {
      const running = await runningSession(fx, 'FH-4004');
      await mapDevice(fx.api('admin'), running.chairId, 'device', '0123456789abcdef');
      const ack = (await postHl7(fx.baseUrl, await gateway(), fixture('hl7-device-rows-fahrenheit.hl7'))).acks[0];
      expect(ack).toMatchObject({ ackCode: 'AE', stored: 2 });
      expect(ack?.issues.map((i) => `${i.location} ${i.code}`)).toEqual(['OBX 1 device_description', 'OBX 2 device_description', 'OBX 3 device_description', 'OBX 6 unmapped_unit']);
      expect((await observationsOf(fx, running.session.id)).map((o) => [o.value, o.sourceValue, o.sourceUnit]).sort()).toEqual([
        [37.5, 99.5, '[degF]'],
        [38, 100.4, '[degF]'],
      ]);
    });

    it('unmatched device → AE, inbox with the readings → a nurse assigns it → recorded as device readings, audited', async () => {
      const running = await runningSession(fx, 'TF-1001');
      const { acks } = await postHl7(fx.baseUrl, await gateway(), fixture('hl7-test-flags.hl7'));
      const ack = acks[0];
      expect(ack).toMatchObject({ ackCode: 'AE', stored: 0, sessionId: null });
      expect(ack?.text).toContain('2 readings kept in the inbox: no chair is mapped to device 00A0370000000042 / VS900, location INFUSION^^Chair 7, facility CLINIC');
      expect(ack?.text).toContain('processing id T');
      const entry = expectStatus(await fx.api('physician').get<{ entries: InboxEntry[] }>('/api/ingest/inbox?status=open'), 200).entries.find((e) => e.id === ack?.inboxId);
      expect(entry).toMatchObject({ reason: 'unmapped_device', suggestedSessionId: running.session.id });
      expect(entry?.pending.map((p) => [p.kind, p.location])).toEqual([
        ['heartRate', 'OBX 1'],
        ['spo2', 'OBX 2'],
      ]);
      expect(await observationsOf(fx, running.session.id)).toEqual([]);
      expectError(await fx.api('reviewer').post(`/api/ingest/inbox/${entry?.id}/assign`, { sessionId: running.session.id }), 403, 'forbidden');
      const assigned = expectStatus(await fx.api('nurse').post<{ entry: InboxEntry; stored: number }>(`/api/ingest/inbox/${entry?.id}/assign`, { sessionId: running.session.id }), 200);
      expect(assigned).toMatchObject({ stored: 2, entry: { status: 'assigned', sessionId: running.session.id } });
      expect((await observationsOf(fx, running.session.id)).map(stored).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: 'heartRate', value: 72, value2: null, unit: '/min', observedAt: '2025-11-10T09:29:50.000Z', offset: 0, source: 'device' },
        { kind: 'spo2', value: 97, value2: null, unit: '%', observedAt: '2025-11-10T09:29:50.000Z', offset: 0, source: 'device' },
      ]);
      expectError(await fx.api('nurse').post(`/api/ingest/inbox/${entry?.id}/assign`, { sessionId: running.session.id }), 409, 'inbox_closed');
      const audit = expectStatus(await fx.api('admin').get<{ entries: Array<{ action: string; username: string }> }>(`/api/admin/audit?entityId=${entry?.id}`), 200).entries;
      expect(audit.map((e) => [e.action, e.username])).toEqual([['ingest.inbox.assigned', 'nurse']]);
      // Once mapped, the next message from that monitor goes straight to the session.
      await mapDevice(fx.api('admin'), running.chairId, 'device', '00A0370000000042');
      const next = (await postHl7(fx.baseUrl, await gateway(), fixture('hl7-test-flags.hl7').replace('TEST-0001', 'TEST-0002'))).acks[0];
      expect(next).toMatchObject({ ackCode: 'AA', stored: 0, sessionId: running.session.id, text: expect.stringContaining('2 already stored') });
    });

    it('a patient the chair is not running is not guessed: AE, kept in the inbox with the reason', async () => {
      const running = await runningSession(fx, `PM-${randomUUID().slice(0, 8)}`);
      await runningSession(fx, 'OTHER-1');
      await mapDevice(fx.api('admin'), running.chairId, 'device', '00A0370000000099');
      const text = fixture('hl7-test-flags.hl7').replace('00A0370000000042', '00A0370000000099').replace('TF-1001', 'OTHER-1');
      const ack = (await postHl7(fx.baseUrl, await gateway(), text)).acks[0];
      expect(ack).toMatchObject({ ackCode: 'AE', stored: 0 });
      const entry = expectStatus(await fx.api('nurse').get<{ entries: InboxEntry[] }>('/api/ingest/inbox'), 200).entries.find((e) => e.id === ack?.inboxId);
      expect(entry).toMatchObject({ reason: 'patient_mismatch' });
      expect(entry?.detail).toContain(`is for MRN ${running.patient.mrn}, the message names MRN OTHER-1`);
    });
  });

  describe('refusals', () => {
    it('AR for what cannot be parsed or is not an ORU^R01; 422 for an empty body; JSON bodies with one or many messages', async () => {
      const t = await gateway();
      const garbage = await postHl7(fx.baseUrl, t, 'hello, this is not HL7');
      expect(garbage.acks[0]).toMatchObject({ ackCode: 'AR', issues: [{ code: 'not_hl7' }] });
      expect(garbage.acks[0]?.ack).toMatch(/\rMSA\|AR\|\|does not start with an MSH segment/);
      const adt = await postHl7(fx.baseUrl, t, 'MSH|^~\\&|ADT1|GOOD HEALTH|||20251110||ADT^A01|ADT-1|P|2.6\rPID|||1');
      expect(adt.acks[0]).toMatchObject({ ackCode: 'AR', controlId: 'ADT-1', issues: [{ code: 'unsupported_message' }] });
      expect(adt.acks[0]?.ack).toContain('ERR|||200^Unsupported message type^HL70357|E|unsupported_message');
      const empty = await fetch(`${fx.baseUrl}/api/ingest/hl7`, { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'text/plain' }, body: '  ' });
      expect(empty.status).toBe(422);
      const asJson = await fetch(`${fx.baseUrl}/api/ingest/hl7`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: ['MSH|^~\\&|A||||20251110||ORU^R01|J-1|P|2.6', 'not hl7'] }),
      });
      expect(asJson.status).toBe(200);
      expect(((await asJson.json()) as { acks: Array<{ ackCode: string }> }).acks.map((a) => a.ackCode)).toEqual(['AA', 'AR']);
      expectError(await fx.api('reviewer').post('/api/ingest/hl7', { message: 'MSH|^~\\&|' }), 403, 'forbidden');
    });

    it('arbitrary bodies never get a 500: an ACK per message, or a 4xx naming the problem', async () => {
      const t = await gateway();
      const body = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 120 }).map((s) => `MSH|^~\\&|P||||20251110||ORU^R01|${s}`),
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 6 }).map((fields) => `MSH|^~\\&|P||||20251110||ORU^R01|F|P|2.6\rOBX|${fields.join('|')}`),
      );
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom('text/plain', 'application/json'), async (text, type) => {
          const response = await fetch(`${fx.baseUrl}/api/ingest/hl7`, {
            method: 'POST',
            headers: { authorization: `Bearer ${t}`, 'content-type': type },
            body: type === 'application/json' ? (text.length % 2 ? JSON.stringify({ message: text }) : text) : text,
          });
          const json = (await response.json()) as { acks?: Array<{ ackCode: string; text: string }>; error?: string; message?: string };
          expect(response.status).not.toBe(500);
          if (response.status === 200) {
            for (const ack of json.acks ?? []) {
              expect(['AA', 'AE', 'AR']).toContain(ack.ackCode);
              expect(ack.text.length).toBeGreaterThan(0);
            }
          } else {
            expect(response.status).toBeGreaterThanOrEqual(400);
            expect(json.message?.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 30, seed: 7 },
      );
    });
  });

  describe('status', () => {
    it('shows each device: last message, rate, errors, test messages', async () => {
      const status = expectStatus(await fx.api('nurse').get<{ devices: DeviceIngestStatus[]; openInbox: number }>('/api/ingest/status'), 200);
      const byId = new Map(status.devices.map((d) => [d.deviceId, d]));
      if (samplesPresent) expect(byId.get('080019FFFF4F6AC0')).toMatchObject({ lastAckCode: 'AE', errorCount24h: 1, total24h: 1, lastOutcome: 'partial' });
      expect(byId.get('00A0370000000042')).toMatchObject({ total24h: 2, errorCount24h: 1, testMessages24h: 2, lastAckCode: 'AA' });
      expect(byId.get('0009FBFFFE112233')?.total24h).toBe(3);
      expect(byId.get('0009FBFFFE112233')?.messagesPerMinute).toBe(0.6);
      expect(status.openInbox).toBeGreaterThan(0);
      expectError(await fx.api('reviewer').get('/api/ingest/status'), 403, 'forbidden');
    });
  });
});
