import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { type ConditionEvent, type ConditionState, applyVerdicts } from '../../shared/alarms/engine.ts';
import { type Alarm, dueActions } from '../../shared/alarms/lifecycle.ts';
import type { AlarmClass, AlarmPriority } from '../../shared/alarms/priority.ts';
import { ALARM_RULES, type Baseline, type RuleId, sideEffectVerdicts, vitalVerdicts } from '../../shared/alarms/rules.ts';
import { type AlarmSettings, type AlarmSettingsOverride, DEFAULT_ALARM_SETTINGS, alarmSettingsOverrideSchema, mergeOverrides, mergeSettings } from '../../shared/alarms/settings.ts';
import type { UnsequencedChange } from '../../shared/realtime/changes.ts';
import type { Observation } from '../../shared/schemas/observation.ts';
import type { SideEffectNote } from '../../shared/schemas/sideEffect.ts';
import { CADENCE_GRACE_MINUTES, EXPECTED_CADENCE_MINUTES } from '../../shared/session/cadence.ts';
import { ACTIVE_PHASES, type SessionPhase } from '../../shared/session/phase.ts';
import { VITALS } from '../../shared/vitals/catalogue.ts';
import { type GroupCommitter, ROWS_PER_STATEMENT, type Tx } from '../db/groupCommit.ts';
import type { AlarmConditionsTable, AlarmsTable, Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { notFound } from './errors.ts';
import { validate } from './validate.ts';

type Db = Kysely<Database>;

const CLINIC_SCOPE = 'clinic';

/* ---------- reading and mapping ---------- */

function alarmsQuery(db: Db) {
  return db
    .selectFrom('alarms as a')
    .leftJoin('users as u', 'u.id', 'a.acknowledged_by')
    .selectAll('a')
    .select('u.display_name as acknowledged_by_name');
}

function toAlarm(row: Selectable<AlarmsTable> & { acknowledged_by_name: string | null }): Alarm {
  return {
    id: row.id,
    sessionId: row.session_id,
    ruleId: row.rule_id as RuleId,
    alarmClass: row.alarm_class as AlarmClass,
    priority: row.priority as AlarmPriority,
    value: row.value,
    raisedAt: row.raised_at,
    resolvedAt: row.resolved_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedByName: row.acknowledged_by_name,
    announcedAt: row.announced_at,
    escalatedAt: row.escalated_at,
    closedAt: row.closed_at,
  };
}

export async function getAlarm(db: Db, id: string): Promise<Alarm | undefined> {
  const row = await alarmsQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? toAlarm(row) : undefined;
}

/** Alarms not yet closed (active, acknowledged, or resolved but unacknowledged), for screens. */
export async function openAlarms(db: Db, sessionIds?: readonly string[]): Promise<Alarm[]> {
  if (sessionIds && sessionIds.length === 0) return [];
  let query = alarmsQuery(db).where('a.closed_at', 'is', null).orderBy('a.raised_at');
  if (sessionIds) query = query.where('a.session_id', 'in', [...sessionIds]);
  return (await query.execute()).map(toAlarm);
}

export async function sessionAlarms(db: Db, sessionId: string): Promise<Alarm[]> {
  return (await alarmsQuery(db).where('a.session_id', '=', sessionId).orderBy('a.raised_at').execute()).map(toAlarm);
}

export async function settingsFor(db: Db, sessionId?: string): Promise<{ clinic: AlarmSettings; override: AlarmSettingsOverride | null; effective: AlarmSettings }> {
  const rows = await db
    .selectFrom('alarm_settings')
    .select(['scope', 'settings'])
    .where('scope', 'in', sessionId ? [CLINIC_SCOPE, sessionId] : [CLINIC_SCOPE])
    .execute();
  return settingsFromRows(rows, sessionId);
}

function settingsFromRows(rows: ReadonlyArray<{ scope: string; settings: string }>, sessionId: string | undefined) {
  const clinicRow = rows.find((r) => r.scope === CLINIC_SCOPE);
  const clinic = clinicRow ? mergeSettings(DEFAULT_ALARM_SETTINGS, JSON.parse(clinicRow.settings) as AlarmSettingsOverride) : DEFAULT_ALARM_SETTINGS;
  const overrideRow = sessionId ? rows.find((r) => r.scope === sessionId) : undefined;
  const override = overrideRow ? (JSON.parse(overrideRow.settings) as AlarmSettingsOverride) : null;
  return { clinic, override, effective: override ? mergeSettings(clinic, override) : clinic };
}

/** The last blood pressure and heart rate before the infusion started: what relative rules compare with. */
export async function sessionBaseline(db: Db, sessionId: string): Promise<Baseline & { heartRate: number | null }> {
  const session = await db.selectFrom('sessions').select(['infusion_started_at']).where('id', '=', sessionId).executeTakeFirst();
  const before = session?.infusion_started_at;
  if (!before) return { systolic: null, diastolic: null, heartRate: null };
  const last = (kind: string) =>
    db
      .selectFrom('observations')
      .select(['value', 'value2'])
      .where('session_id', '=', sessionId)
      .where('kind', '=', kind)
      .where('status', '!=', 'entered-in-error')
      .where('superseded_by_id', 'is', null)
      .where('observed_at', '<', before)
      .orderBy('observed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  const [bp, hr] = await Promise.all([last('bloodPressure'), last('heartRate')]);
  return { systolic: bp?.value ?? null, diastolic: bp?.value2 ?? null, heartRate: hr?.value ?? null };
}

/* ---------- conditions → alarms ---------- */

type StoredCondition = ConditionState & { alarmId: string | null };

function toCondition(r: Selectable<AlarmConditionsTable>): [RuleId, StoredCondition] {
  return [
    r.rule_id as RuleId,
    { ruleId: r.rule_id as RuleId, status: r.status as ConditionState['status'], since: Date.parse(r.since), priority: r.priority as AlarmPriority, value: r.value, alarmId: r.alarm_id },
  ];
}

async function loadConditions(trx: Tx, sessionId: string): Promise<Map<RuleId, StoredCondition>> {
  const rows = await trx.selectFrom('alarm_conditions').selectAll().where('session_id', '=', sessionId).execute();
  return new Map(rows.map(toCondition));
}

/** What evaluating a session's readings needs, read once for a whole batch of sessions. */
export interface EvaluationContext {
  watched: boolean;
  settings: AlarmSettings;
  conditions: Map<RuleId, StoredCondition>;
}

/** The effective settings of many sessions in one query per few hundred. */
export async function loadSettings(trx: Tx, sessionIds: readonly string[]): Promise<Map<string, AlarmSettings>> {
  const ids = [...new Set(sessionIds)];
  const rows: Array<{ scope: string; settings: string }> = [];
  for (let start = 0; start < Math.max(1, ids.length); start += ROWS_PER_STATEMENT) {
    const chunk = ids.slice(start, start + ROWS_PER_STATEMENT);
    rows.push(...(await trx.selectFrom('alarm_settings').select(['scope', 'settings']).where('scope', 'in', [CLINIC_SCOPE, ...chunk]).execute()));
  }
  const clinicRows = rows.filter((r) => r.scope === CLINIC_SCOPE).slice(0, 1);
  return new Map(ids.map((id) => [id, settingsFromRows([...clinicRows, ...rows.filter((r) => r.scope === id)], id).effective]));
}

/** Settings and open conditions of many sessions at once (a commit may carry 200 chairs). */
export async function loadEvaluationContexts(trx: Tx, phases: ReadonlyMap<string, string>): Promise<Map<string, EvaluationContext>> {
  const watched = [...phases].filter(([, phase]) => ACTIVE_PHASES.includes(phase as SessionPhase)).map(([id]) => id);
  const settings = await loadSettings(trx, watched);
  const conditions = new Map<string, Map<RuleId, StoredCondition>>(watched.map((id) => [id, new Map()]));
  for (let start = 0; start < watched.length; start += ROWS_PER_STATEMENT) {
    const rows = await trx.selectFrom('alarm_conditions').selectAll().where('session_id', 'in', watched.slice(start, start + ROWS_PER_STATEMENT)).execute();
    for (const row of rows) {
      const [ruleId, condition] = toCondition(row);
      conditions.get(row.session_id)?.set(ruleId, condition);
    }
  }
  return new Map(
    [...phases.keys()].map((id) => [id, { watched: settings.has(id), settings: settings.get(id) ?? DEFAULT_ALARM_SETTINGS, conditions: conditions.get(id) ?? new Map() }]),
  );
}

async function saveCondition(trx: Tx, sessionId: string, state: ConditionState | null, ruleId: RuleId, alarmId: string | null): Promise<void> {
  await trx.deleteFrom('alarm_conditions').where('session_id', '=', sessionId).where('rule_id', '=', ruleId).execute();
  if (state) {
    await trx
      .insertInto('alarm_conditions')
      .values({ session_id: sessionId, rule_id: ruleId, status: state.status, since: new Date(state.since).toISOString(), priority: state.priority, value: state.value, alarm_id: alarmId })
      .execute();
  }
}

async function alarmChange(trx: Tx, id: string, type: 'alarm.raised' | 'alarm.updated', at: string): Promise<UnsequencedChange & { payload: { alarm: Alarm } }> {
  const alarm = await getAlarm(trx, id);
  if (!alarm) throw new Error('alarm vanished inside its own transaction');
  return { type, sessionId: alarm.sessionId, at, payload: { alarm } };
}

/** Writes what the engine decided: new alarms, worsened ones, resolved ones; returns the changes. */
async function applyEvents(
  trx: Tx,
  sessionId: string,
  before: Map<RuleId, StoredCondition>,
  next: Map<RuleId, ConditionState | null>,
  events: readonly ConditionEvent[],
): Promise<UnsequencedChange[]> {
  const changes: UnsequencedChange[] = [];
  const alarmIds = new Map<RuleId, string | null>([...before].map(([rule, c]) => [rule, c.alarmId]));
  for (const event of events) {
    const at = new Date(event.at).toISOString();
    if (event.type === 'raised') {
      const id = randomUUID();
      await trx
        .insertInto('alarms')
        .values({
          id,
          session_id: sessionId,
          rule_id: event.ruleId,
          alarm_class: ALARM_RULES[event.ruleId].class,
          priority: event.priority,
          value: event.value,
          raised_at: at,
          resolved_at: null,
          acknowledged_at: null,
          acknowledged_by: null,
          announced_at: at,
          escalated_at: null,
          closed_at: null,
        })
        .execute();
      alarmIds.set(event.ruleId, id);
      changes.push(await alarmChange(trx, id, 'alarm.raised', at));
    } else {
      const id = alarmIds.get(event.ruleId);
      if (!id) continue;
      if (event.type === 'worsened') {
        // Worse than what was acknowledged: it needs answering again.
        await trx.updateTable('alarms').set({ priority: event.priority, value: event.value, announced_at: at, acknowledged_at: null, acknowledged_by: null }).where('id', '=', id).execute();
      } else {
        const row = await trx.selectFrom('alarms').select(['acknowledged_at']).where('id', '=', id).executeTakeFirst();
        await trx.updateTable('alarms').set({ resolved_at: at, closed_at: row?.acknowledged_at ? at : null }).where('id', '=', id).execute();
        alarmIds.set(event.ruleId, null);
      }
      changes.push(await alarmChange(trx, id, 'alarm.updated', at));
    }
  }
  for (const [ruleId, state] of next) await saveCondition(trx, sessionId, state, ruleId, state ? (alarmIds.get(ruleId) ?? null) : null);
  return changes;
}

async function isWatched(trx: Tx, sessionId: string): Promise<boolean> {
  const session = await trx.selectFrom('sessions').select('phase').where('id', '=', sessionId).executeTakeFirst();
  return !!session && ACTIVE_PHASES.includes(session.phase as SessionPhase);
}

/**
 * Runs the rules over newly committed readings of one session, in time order, inside the same
 * transaction: alarms are stored and published exactly like the readings that caused them.
 */
export async function evaluateObservations(
  trx: Tx,
  sessionId: string,
  observations: readonly Observation[],
  context?: EvaluationContext,
): Promise<UnsequencedChange[]> {
  if (observations.length === 0) return [];
  if (context ? !context.watched : !(await isWatched(trx, sessionId))) return [];
  const settings = context?.settings ?? (await settingsFor(trx, sessionId)).effective;
  // Only blood pressure is compared with the baseline; the 1 Hz streams need no look-up for it.
  const baseline = observations.some((o) => o.kind === 'bloodPressure') ? await sessionBaseline(trx, sessionId) : { systolic: null, diastolic: null };
  let conditions = context?.conditions ?? (await loadConditions(trx, sessionId));
  const changes: UnsequencedChange[] = [];
  for (const observation of [...observations].sort((a, b) => a.observedAt.localeCompare(b.observedAt))) {
    const active = new Set([...conditions.values()].filter((c) => c.status === 'active').map((c) => c.ruleId));
    const verdicts = vitalVerdicts(observation.kind, { value: observation.value, value2: observation.value2 }, settings, baseline, active);
    // A reading of its kind ends "no value" and "feed lost"; a blood pressure ends "overdue".
    const at = Date.parse(observation.observedAt);
    if (observation.source === 'device') {
      if (conditions.get('feed.stale')) verdicts.push({ ruleId: 'feed.stale', priority: null, value: '' });
      if (conditions.get('value.unavailable')?.value.startsWith(`${VITALS[observation.kind].shortLabel}:`)) verdicts.push({ ruleId: 'value.unavailable', priority: null, value: '' });
    }
    if (observation.kind === 'bloodPressure' && conditions.get('obs.overdue')) verdicts.push({ ruleId: 'obs.overdue', priority: null, value: '' });
    const { next, events } = applyVerdicts(conditions, verdicts, { at, fromDevice: observation.source === 'device' }, settings);
    if (next.size === 0) continue;
    changes.push(...(await applyEvents(trx, sessionId, conditions, next, events)));
    conditions = await loadConditions(trx, sessionId);
  }
  return changes;
}

export async function evaluateSideEffects(trx: Tx, sessionId: string, notes: readonly SideEffectNote[]): Promise<UnsequencedChange[]> {
  if (notes.length === 0 || !(await isWatched(trx, sessionId))) return [];
  const { effective: settings } = await settingsFor(trx, sessionId);
  const changes: UnsequencedChange[] = [];
  for (const note of notes) {
    const conditions = await loadConditions(trx, sessionId);
    const verdicts = sideEffectVerdicts(note);
    const { next, events } = applyVerdicts(conditions, verdicts, { at: Date.parse(note.observedAt), fromDevice: false }, settings);
    changes.push(...(await applyEvents(trx, sessionId, conditions, next, events)));
  }
  return changes;
}

/** A technical condition (INOP, feed lost, overdue) raised or kept, outside the reading rules. */
async function raiseTechnical(trx: Tx, sessionId: string, ruleId: RuleId, priority: AlarmPriority, value: string, at: number, settings: AlarmSettings): Promise<UnsequencedChange[]> {
  const conditions = await loadConditions(trx, sessionId);
  if (conditions.get(ruleId)?.status === 'active') return [];
  const { next, events } = applyVerdicts(conditions, [{ ruleId, priority, value }], { at, fromDevice: false }, settings);
  return applyEvents(trx, sessionId, conditions, next, events);
}

/** A monitor's "no value" code: not a reading, but the equipment saying it cannot measure. */
export async function recordUnavailableValue(trx: Tx, sessionId: string, kindLabel: string, raw: number, at: number): Promise<UnsequencedChange[]> {
  if (!(await isWatched(trx, sessionId))) return [];
  const { effective } = await settingsFor(trx, sessionId);
  return raiseTechnical(trx, sessionId, 'value.unavailable', 'medium', `${kindLabel}: ${raw}`, at, effective);
}

/* ---------- the service: acknowledge, settings, the clock ---------- */

export function createAlarmService(writer: GroupCommitter) {
  return {
    async acknowledge(actor: Actor, id: string): Promise<Alarm> {
      return writer.execute(async (trx) => {
        const alarm = await getAlarm(trx, id);
        if (!alarm) throw notFound('Alarm', id);
        if (alarm.acknowledgedAt || alarm.closedAt) return { result: alarm, changes: [] };
        const now = new Date().toISOString();
        await trx
          .updateTable('alarms')
          .set({ acknowledged_at: now, acknowledged_by: actor.userId, closed_at: alarm.resolvedAt ? now : null })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, { action: 'alarm.acknowledged', entityType: 'alarm', entityId: id, before: alarm, after: { acknowledgedAt: now } }, now);
        const change = await alarmChange(trx, id, 'alarm.updated', now);
        return { result: change.payload.alarm, changes: [change] };
      });
    },

    async updateSettings(actor: Actor, scope: string, body: unknown): Promise<AlarmSettings> {
      const override = validate(alarmSettingsOverrideSchema, body);
      return writer.execute(async (trx) => {
        const before = await settingsFor(trx, scope === CLINIC_SCOPE ? undefined : scope);
        const previous = scope === CLINIC_SCOPE ? before.clinic : before.effective;
        const stored = scope === CLINIC_SCOPE ? { ...override } : mergeOverrides(before.override, override);
        // Refuse a combination that does not validate as a whole, before anything is written.
        const effective = mergeSettings(scope === CLINIC_SCOPE ? DEFAULT_ALARM_SETTINGS : before.clinic, stored);
        const now = new Date().toISOString();
        await trx.deleteFrom('alarm_settings').where('scope', '=', scope).execute();
        await trx.insertInto('alarm_settings').values({ scope, settings: JSON.stringify(stored), updated_at: now, updated_by: actor.userId }).execute();
        await audit(trx, actor, { action: 'alarm.settingsChanged', entityType: scope === CLINIC_SCOPE ? 'clinic' : 'session', entityId: scope === CLINIC_SCOPE ? null : scope, before: previous, after: effective }, now);
        return { result: effective, changes: [] };
      });
    },

    /**
     * The alarm clock: re-announces acknowledged alarms that persist, escalates unanswered high ones,
     * raises "feed lost" and "observation overdue", and closes the conditions of sessions that ended.
     * Idempotent, so several nodes running it at once change nothing twice.
     */
    async tick(now = Date.now()): Promise<void> {
      await writer.execute(async (trx) => {
        const changes: UnsequencedChange[] = [];
        const nowIso = new Date(now).toISOString();
        const sessions = await trx
          .selectFrom('sessions')
          .select(['id', 'phase', 'phase_changed_at'])
          .where('phase', 'in', [...ACTIVE_PHASES])
          .execute();
        const alarms = await openAlarms(trx);
        // Settings of every session concerned, read once: the clock holds the write lock while it runs.
        const settings = await loadSettings(trx, [...sessions.map((s) => s.id), ...alarms.map((a) => a.sessionId)]);
        const settingsOf = (sessionId: string) => settings.get(sessionId) ?? DEFAULT_ALARM_SETTINGS;
        for (const alarm of alarms) {
          const due = dueActions(alarm, now, settingsOf(alarm.sessionId));
          if (due.reannounce) {
            // Back to unanswered: its escalation timer starts again too.
            await trx.updateTable('alarms').set({ acknowledged_at: null, acknowledged_by: null, announced_at: nowIso, escalated_at: null }).where('id', '=', alarm.id).execute();
          }
          if (due.escalate) await trx.updateTable('alarms').set({ escalated_at: nowIso }).where('id', '=', alarm.id).execute();
          if (due.reannounce || due.escalate) changes.push(await alarmChange(trx, alarm.id, 'alarm.updated', nowIso));
        }
        for (const session of sessions) {
          const effective = settingsOf(session.id);
          // Newest first on the (session, time) indexes: one row read, however long the session.
          const lastDevice = await trx
            .selectFrom('observations')
            .select('observed_at as at')
            .where('session_id', '=', session.id)
            .where('source', '=', 'device')
            .orderBy('observed_at', 'desc')
            .limit(1)
            .executeTakeFirst();
          if (lastDevice?.at && now - Date.parse(lastDevice.at) > effective.deviceStaleSeconds * 1000) {
            changes.push(...(await raiseTechnical(trx, session.id, 'feed.stale', 'medium', `no reading since ${lastDevice.at.slice(11, 19)} UTC`, now, effective)));
          }
          const cadence = EXPECTED_CADENCE_MINUTES[session.phase as SessionPhase];
          if (cadence !== undefined) {
            const lastBp = await trx
              .selectFrom('observations')
              .select('observed_at as at')
              .where('session_id', '=', session.id)
              .where('kind', '=', 'bloodPressure')
              .where('status', '!=', 'entered-in-error')
              .orderBy('observed_at', 'desc')
              .limit(1)
              .executeTakeFirst();
            const reference = lastBp?.at ?? session.phase_changed_at;
            if (now - Date.parse(reference) > (cadence + CADENCE_GRACE_MINUTES) * 60_000) {
              changes.push(...(await raiseTechnical(trx, session.id, 'obs.overdue', 'low', `blood pressure due every ${cadence} min`, now, effective)));
            }
          }
        }
        // A patient who has left raises nothing more: end the conditions of closed sessions.
        const stale = await trx
          .selectFrom('alarm_conditions as c')
          .innerJoin('sessions as s', 's.id', 'c.session_id')
          .select(['c.session_id', 'c.rule_id'])
          .where('s.phase', 'not in', [...ACTIVE_PHASES])
          .execute();
        for (const row of stale) {
          const conditions = await loadConditions(trx, row.session_id);
          const ruleId = row.rule_id as RuleId;
          const { next, events } = applyVerdicts(conditions, [{ ruleId, priority: null, value: '' }], { at: now, fromDevice: false }, DEFAULT_ALARM_SETTINGS);
          changes.push(...(await applyEvents(trx, row.session_id, conditions, next, events)));
        }
        return { result: undefined, changes };
      });
    },
  };
}

export type AlarmService = ReturnType<typeof createAlarmService>;
export { CLINIC_SCOPE };
