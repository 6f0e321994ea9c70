import { Hl7Message } from '@medplum/core';
import { Hl7Client } from '@medplum/hl7';
import { formatOffset } from '../../shared/time.ts';
import type { Actor } from '../domain/actor.ts';
import type { Logger } from '../logger.ts';
import type { IngestService } from './service.ts';

/** What a bedside monitor measured at one moment. */
export interface MonitorReading {
  heartRate: number;
  spo2: number;
  bloodPressure?: { systolic: number; diastolic: number };
}

export interface MonitorIdentity {
  chairId: string;
  /** The chair's label, sent as PV1-3 bed. */
  bed: string;
  /** A made-up EUI-64 for the chair's monitor. */
  eui64: string;
}

/** HL7 DTM with the offset, e.g. `20251110101500.000+0000`. */
function hl7Time(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19).replace(/[-:T]/g, '')}.${iso.slice(20, 23)}${formatOffset(0).replace(':', '')}`;
}

let sequence = 0;

/** An IHE PCD-01 ORU^R01 as a monitor gateway writes it: MDC codes and units, OBX-4 channels, OBX-14 times. */
export function buildOru(monitor: MonitorIdentity, mrn: string, atMs: number, reading: MonitorReading): string {
  sequence = (sequence + 1) % 1_000_000;
  const at = hl7Time(atMs);
  const obx = (n: number, code: string, subId: string, value: number, unit: string) => `OBX|${n}|NM|${code}|${subId}|${value}|${unit}|||||R|||${at}|||||${monitor.eui64}^EUI-64`;
  const rows = [
    obx(1, '147842^MDC_ECG_HEART_RATE^MDC', '1.1.1.1', reading.heartRate, '264864^MDC_DIM_BEAT_PER_MIN^MDC'),
    obx(2, '150456^MDC_PULS_OXIM_SAT_O2^MDC', '1.3.1.1', reading.spo2, '262688^MDC_DIM_PERCENT^MDC'),
  ];
  if (reading.bloodPressure) {
    rows.push(
      obx(3, '150021^MDC_PRESS_BLD_NONINV_SYS^MDC', '1.4.1.1', reading.bloodPressure.systolic, '266016^MDC_DIM_MMHG^MDC'),
      obx(4, '150022^MDC_PRESS_BLD_NONINV_DIA^MDC', '1.4.1.2', reading.bloodPressure.diastolic, '266016^MDC_DIM_MMHG^MDC'),
    );
  }
  return [
    `MSH|^~\\&|CHAIRSIDE_SIM^${monitor.eui64}^EUI-64|DEMO CLINIC|CHAIRSIDE||${at}||ORU^R01^ORU_R01|SIM${Date.now()}${String(sequence).padStart(6, '0')}|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO`,
    `PID|||${mrn}^^^DEMO^MR`,
    `PV1||O|INFUSION^^${monitor.bed}`,
    `OBR|1|||182777000^monitoring of patient^SCT|||${at}`,
    ...rows,
  ].join('\r');
}

/**
 * The demo's monitor gateway: sends each chair's device readings as ORU^R01 over MLLP to the
 * server's own listener, so the demo exercises the real device path (framing, mapping, ACK).
 * `send` resolves false only when the message got no answer (no connection, timeout), so the
 * simulator can fall back to recording directly; an AE/AR is logged (its readings are in the inbox).
 */
export class DemoGateway {
  private client: Hl7Client | undefined;

  private constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly logger: Logger,
  ) {}

  /** Maps each demo monitor to its chair (idempotent) and opens the connection. */
  static async connect(ingest: IngestService, actor: Actor, monitors: MonitorIdentity[], logger: Logger): Promise<DemoGateway | undefined> {
    const address = ingest.liveAddress();
    if (!address) return undefined;
    for (const monitor of monitors) await ingest.ensureMapping(actor, { matchOn: 'device', matchKey: monitor.eui64, chairId: monitor.chairId, timeZone: 'UTC', label: `Demo monitor ${monitor.bed}` });
    const host = address.host === '0.0.0.0' || address.host === '::' ? '127.0.0.1' : address.host;
    const gateway = new DemoGateway(host, address.port, logger);
    logger.info({ host, port: address.port }, 'demo monitors send HL7 over MLLP');
    return gateway;
  }

  async send(message: string): Promise<boolean> {
    try {
      if (!this.client) {
        this.client = new Hl7Client({ host: this.host, port: this.port, keepAlive: true, connectTimeout: 2_000 });
        await this.client.connect();
      }
      const ack = await this.client.sendAndWait(Hl7Message.parse(message), { timeoutMs: 5_000 });
      const code = ack.getSegment('MSA')?.getField(1)?.toString();
      if (code !== 'AA') this.logger.warn({ code, text: ack.getSegment('MSA')?.getField(3)?.toString() }, 'demo monitor message not accepted');
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, 'demo monitor could not send over MLLP');
      await this.close();
      return false;
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }
}
