import { randomInt, randomUUID } from 'node:crypto';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import type { SideEffectInput } from '../../shared/schemas/sideEffect.ts';
import type { Indication } from '../../shared/session/protocol.ts';
import type { Actor } from '../domain/actor.ts';
import { dischargeStatus } from '../domain/discharge.ts';
import { DemoGateway, buildOru } from '../ingest/demoGateway.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { type VirtualPatient, createVirtualPatient, cuffReadingAt, deviceReadingAt, mulberry32 } from './physiology.ts';

/** The demo timeline of one session, in simulated minutes from check-in. */
const BASELINE_MIN = 10;
const INFUSION_MIN = 40;
const RECOVERY_MIN = 45;
const FREE_MIN = 4;
const DEVICE_EVERY_S = 5;
const CUFF_EVERY_MIN = 5;
const NURSE_EVERY_MIN = 10;

export interface SimulatorCast {
  nurse: Actor;
  physician: Actor;
  physicianId: string;
  monitor: Actor;
  chairs: Array<{ id: string; label: string }>;
}

interface ChairRun {
  chairId: string;
  label: string;
  index: number;
  sessionId: string | null;
  patient: VirtualPatient;
  /** Real time at which the current session was checked in (or the chair freed). */
  startMs: number;
  phase: 'free' | 'baseline' | 'infusing' | 'recovery';
  lastDeviceMs: number;
  lastCuffMin: number;
  lastNurseMin: number;
  effectsDone: Set<string>;
  runNumber: number;
  /** The current patient's MRN, which the monitor sends in PID-3. */
  mrn: string;
}

const NAMES = [
  'Avery Collins', 'Jordan Patel', 'Morgan Reyes', 'Riley Chen', 'Casey Novak', 'Taylor Brooks',
  'Quinn Harper', 'Drew Okafor', 'Jamie Lindqvist', 'Sam Moreau', 'Robin Tanaka', 'Alex Romero',
];
const INDICATIONS: Indication[] = ['treatmentResistantDepression', 'chronicPain', 'postTreatmentLyme', 'longCovid', 'ptsd', 'treatmentResistantDepression'];

const zoned = (ms: number): string => new Date(ms).toISOString();

/** A made-up EUI-64 for each demo chair's monitor. */
const demoMonitorEui = (index: number): string => `C5A1D5${String(index + 1).padStart(10, '0')}`;

/**
 * Runs realistic ketamine sessions on the demo chairs through the same domain services as every
 * other source. `speed` compresses the timeline (2 = twice as fast); readings carry real times.
 */
export class DemoSimulator {
  private runs: ChairRun[] = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  /** When the server listens for MLLP, live monitor readings travel as HL7 ORU^R01 through it. */
  private gateway: DemoGateway | undefined;

  constructor(
    private readonly services: Services,
    private readonly cast: SimulatorCast,
    private readonly logger: Logger,
    private readonly speed = 1,
  ) {}

  /** Starts every chair part-way through a session, with its history filled in, then runs live. */
  async start(): Promise<void> {
    const now = Date.now();
    const cycle = BASELINE_MIN + INFUSION_MIN + RECOVERY_MIN;
    this.runs = this.cast.chairs.map((chair, index) => ({
      chairId: chair.id,
      label: chair.label,
      index,
      sessionId: null,
      patient: createVirtualPatient(index + 1),
      // Stagger the chairs across the timeline so the ward shows every phase at once.
      startMs: now - this.realMs(((index * cycle) / this.cast.chairs.length) % (cycle - 5)),
      phase: 'free',
      lastDeviceMs: 0,
      lastCuffMin: -Infinity,
      lastNurseMin: -Infinity,
      effectsDone: new Set(),
      runNumber: 0,
      mrn: '',
    }));
    for (const run of this.runs) {
      await this.beginSession(run, run.startMs);
      await this.advance(run, run.startMs, now, 30_000);
      // Live readings follow on from now, not from the backfill's last coarse step.
      run.lastDeviceMs = Date.now();
    }
    // The backfill above went straight to the service; live readings go the real device path.
    this.gateway = await DemoGateway.connect(this.services.ingest, this.cast.monitor, this.runs.map((r) => ({ chairId: r.chairId, bed: r.label, eui64: demoMonitorEui(r.index) })), this.logger).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'demo monitors fall back to direct recording');
      return undefined;
    });
    this.timer = setInterval(() => void this.tick(), DEVICE_EVERY_S * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    void this.gateway?.close();
  }

  private realMs(simMinutes: number): number {
    return (simMinutes * 60_000) / this.speed;
  }

  private simMinutes(run: ChairRun, atMs: number): number {
    return ((atMs - run.startMs) / 60_000) * this.speed;
  }

  /** Plays every chair up to now; the timer calls it every few seconds. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = Date.now();
      for (const run of this.runs) await this.advance(run, run.lastDeviceMs || now, now, DEVICE_EVERY_S * 1000);
    } catch (error) {
      this.logger.warn({ err: error }, 'demo simulator tick failed');
    } finally {
      this.busy = false;
    }
  }

  private async beginSession(run: ChairRun, atMs: number): Promise<void> {
    run.runNumber += 1;
    const random = mulberry32(run.index * 97 + run.runNumber);
    const name = NAMES[(run.index + run.runNumber * 5) % NAMES.length] ?? 'Demo Patient';
    const patientId = randomUUID();
    // Random, so a restarted demo on the same data never reuses a patient's MRN.
    const mrn = `MRN-${String(randomInt(100000, 1000000))}`;
    await this.services.patients.createPatient(this.cast.nurse, {
      id: patientId,
      mrn,
      name,
      dateOfBirth: `${1958 + Math.floor(random() * 45)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      weightKg: Math.round(55 + random() * 45),
      allergies: random() < 0.3 ? ['Penicillin'] : [],
    });
    const sessionId = randomUUID();
    await this.services.sessions.createSession(this.cast.nurse, {
      id: sessionId,
      patientId,
      chairId: run.chairId,
      indication: INDICATIONS[run.index % INDICATIONS.length],
      doseMgPerKg: 0.5,
      plannedInfusionMinutes: INFUSION_MIN,
      nurseId: this.cast.nurse.userId,
      physicianId: this.cast.physicianId,
      // The demo opens mid-session: booked when the patient arrived, like the rest of its history.
      bookedAt: zoned(atMs),
    });
    await this.services.sessions.changePhase(this.cast.nurse, sessionId, { to: 'baseline', at: zoned(atMs) });
    run.sessionId = sessionId;
    run.mrn = mrn;
    run.patient = createVirtualPatient(run.index * 31 + run.runNumber);
    run.startMs = atMs;
    run.phase = 'baseline';
    run.lastCuffMin = -Infinity;
    run.lastNurseMin = -Infinity;
    run.effectsDone = new Set();
  }

  /** Plays one chair forward from `fromMs` to `toMs` in steps, recording what a clinic would. */
  private async advance(run: ChairRun, fromMs: number, toMs: number, stepMs: number): Promise<void> {
    for (let t = fromMs; t <= toMs; t += stepMs) {
      await this.step(run, t);
      run.lastDeviceMs = t + stepMs;
    }
  }

  private async step(run: ChairRun, t: number): Promise<void> {
    const minute = this.simMinutes(run, t);
    if (run.phase === 'free') {
      if (minute >= FREE_MIN) await this.beginSession(run, t);
      return;
    }
    const sessionId = run.sessionId;
    if (!sessionId) return;

    if (run.phase === 'baseline' && minute >= BASELINE_MIN) {
      await this.infusion(sessionId, 'started', t);
      run.phase = 'infusing';
    } else if (run.phase === 'infusing' && minute >= BASELINE_MIN + INFUSION_MIN) {
      await this.infusion(sessionId, 'stopped', t);
      run.phase = 'recovery';
    } else if (run.phase === 'recovery' && minute >= BASELINE_MIN + INFUSION_MIN + RECOVERY_MIN) {
      await this.discharge(sessionId, t);
      run.phase = 'free';
      run.sessionId = null;
      run.startMs = t;
      return;
    }

    const infusionMinute = run.phase === 'baseline' ? null : minute - BASELINE_MIN;
    const observations: ObservationInput[] = [];
    const device = deviceReadingAt(run.patient, infusionMinute, INFUSION_MIN, t / 1000);
    const cuffDue = minute - run.lastCuffMin >= CUFF_EVERY_MIN;
    const deviceId = `demo-monitor-${run.label}`;
    const at = zoned(t);
    observations.push(
      { id: randomUUID(), sessionId, kind: 'heartRate', value: device.heartRate, observedAt: at, source: 'device', deviceId },
      { id: randomUUID(), sessionId, kind: 'spo2', value: device.spo2, observedAt: at, source: 'device', deviceId, onOxygen: false },
    );
    const cuff = cuffDue ? cuffReadingAt(run.patient, infusionMinute, INFUSION_MIN, t / 1000) : undefined;
    if (cuff) {
      run.lastCuffMin = minute;
      observations.push({ id: randomUUID(), sessionId, kind: 'bloodPressure', ...cuff, observedAt: at, source: 'device', deviceId });
    }
    const sent = this.gateway
      ? await this.gateway.send(buildOru({ chairId: run.chairId, bed: run.label, eui64: demoMonitorEui(run.index) }, run.mrn, t, { heartRate: device.heartRate, spo2: device.spo2, bloodPressure: cuff }))
      : false;
    if (!sent) await this.services.observations.recordObservations(this.cast.monitor, observations);

    if (minute - run.lastNurseMin >= NURSE_EVERY_MIN) {
      run.lastNurseMin = minute;
      const rr = run.patient.respiratoryRate + Math.round(Math.sin(minute) * 1.5);
      const manual: ObservationInput[] = [{ id: randomUUID(), sessionId, kind: 'respiratoryRate', value: rr, observedAt: at, source: 'manual' }];
      if (run.phase === 'baseline' || minute >= BASELINE_MIN + INFUSION_MIN + RECOVERY_MIN - NURSE_EVERY_MIN) {
        manual.push({ id: randomUUID(), sessionId, kind: 'temperature', value: run.patient.temperature, observedAt: at, source: 'manual' });
      }
      await this.services.observations.recordObservations(this.cast.nurse, manual);
    }
    await this.sideEffects(run, sessionId, infusionMinute, at);
  }

  private async sideEffects(run: ChairRun, sessionId: string, infusionMinute: number | null, at: string): Promise<void> {
    if (infusionMinute === null) return;
    const random = mulberry32(run.patient.seed * 13);
    const notes: Array<{ key: string; minute: number; note: Omit<SideEffectInput, 'id' | 'sessionId' | 'observedAt'> }> = [
      { key: 'dissociation', minute: 14, note: { kind: 'dissociation', severity: random() < 0.4 ? 'moderate' : 'mild', scale: 'cadss6', score: 4 + Math.floor(random() * 8) } },
      { key: 'sedation', minute: 28, note: { kind: 'sedation', severity: 'mild', scale: 'moaas', score: 4 } },
      { key: 'dissociation-resolved', minute: INFUSION_MIN + 25, note: { kind: 'dissociation', severity: 'none', scale: 'cadss6', score: 0 } },
    ];
    if (random() < 0.5) notes.push({ key: 'nausea', minute: 22, note: { kind: 'nausea', severity: 'mild', scale: 'nrs', score: 3 } });
    if (random() < 0.3) notes.push({ key: 'dizziness', minute: INFUSION_MIN + 5, note: { kind: 'dizziness', severity: 'mild', note: 'On standing' } });
    const due = notes.filter((n) => infusionMinute >= n.minute && !run.effectsDone.has(n.key));
    if (due.length === 0) return;
    for (const n of due) run.effectsDone.add(n.key);
    await this.services.sideEffects.recordSideEffects(
      this.cast.nurse,
      due.map((n) => ({ ...n.note, id: randomUUID(), sessionId, observedAt: at })),
    );
  }

  /** The nurse completes the checklist; where vitals have not settled, the physician overrides. */
  private async discharge(sessionId: string, t: number): Promise<void> {
    const at = zoned(t);
    await this.services.sideEffects.recordSideEffects(this.cast.nurse, [
      { id: randomUUID(), sessionId, kind: 'sedation', severity: 'none', scale: 'moaas', score: 5, observedAt: at },
    ]);
    await this.services.discharge.recordChecks(this.cast.nurse, sessionId, { escortPresent: true, instructionsGiven: true, escortName: 'Family member' });
    const status = await dischargeStatus(this.services.db, sessionId);
    await this.services.sessions.changePhase(
      status.met ? this.cast.nurse : this.cast.physician,
      sessionId,
      status.met ? { to: 'discharged', at } : { to: 'discharged', at, overrideDischargeCriteria: true, reason: 'Reviewed at the chair; safe to leave with escort' },
    );
  }

  private async infusion(sessionId: string, kind: 'started' | 'stopped', t: number): Promise<void> {
    await this.services.sessions.recordInfusionEvent(this.cast.nurse, sessionId, { id: randomUUID(), kind, at: zoned(t) });
  }
}
