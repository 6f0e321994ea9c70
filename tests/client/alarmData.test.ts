import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ASSUMED_ALERT_TEXT, latestSedationScore, missingText } from '../../client/src/features/alarms/news2/news2View.ts';
import { type OpenAlarms, alarmKeys, applyAlarmToCaches, patchOpenAlarms } from '../../client/src/features/alarms/openAlarms.ts';
import {
  LIMIT_FIELDS,
  changedFromClinic,
  clinicBody,
  issuesToErrors,
  overrideBody,
  parseValues,
  toValues,
} from '../../client/src/features/alarms/settings/limitsForm.ts';
import { queryKeys } from '../../client/src/api/queryKeys.ts';
import type { Alarm } from '../../shared/alarms/lifecycle.ts';
import { DEFAULT_ALARM_SETTINGS, alarmSettingsOverrideSchema, alarmSettingsSchema, mergeSettings } from '../../shared/alarms/settings.ts';
import type { SessionRecord, WardSnapshot } from '../../shared/schemas/session.ts';
import { news2FromLatest } from '../../shared/scores/news2FromRecord.ts';
import { OTHER_SESSION_ID, SESSION_ID, change, minute, observation, sessionRecord, sideEffect, ward, wardSession } from './fixtures.ts';

function alarm(id: string, overrides: Partial<Alarm> = {}): Alarm {
  return {
    id,
    sessionId: SESSION_ID,
    ruleId: 'bp.high',
    alarmClass: 'physiological',
    priority: 'high',
    value: '195/115 mmHg',
    raisedAt: minute(0),
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    announcedAt: minute(0),
    escalatedAt: null,
    closedAt: null,
    ...overrides,
  };
}

describe('the clinic’s open alarms, kept live', () => {
  it('adds raised alarms, updates them, drops closed ones, and ignores other changes', () => {
    const empty: OpenAlarms = { seq: 4, alarms: [] };
    const raised = patchOpenAlarms(empty, change('alarm.raised', { alarm: alarm('a') })).next;
    expect(raised.alarms.map((a) => a.id)).toEqual(['a']);
    const escalated = patchOpenAlarms(raised, change('alarm.updated', { alarm: alarm('a', { escalatedAt: minute(2) }) })).next;
    expect(escalated.alarms[0]?.escalatedAt).toBe(minute(2));
    // The same state again (a replay) leaves the very same object.
    expect(patchOpenAlarms(escalated, change('alarm.updated', { alarm: alarm('a', { escalatedAt: minute(2) }) })).next).toBe(escalated);
    const closed = patchOpenAlarms(escalated, change('alarm.updated', { alarm: alarm('a', { resolvedAt: minute(3), acknowledgedAt: minute(4), closedAt: minute(4) }) })).next;
    expect(closed.alarms).toEqual([]);
    expect(patchOpenAlarms(closed, change('observation.recorded', { observation: observation({ id: 'o1' }) })).next).toBe(closed);
  });

  it('puts an acknowledgement into every cache at once: the open list, the ward card, the session record', () => {
    const queryClient = new QueryClient();
    const open = alarm('a');
    const other = alarm('b', { sessionId: OTHER_SESSION_ID });
    queryClient.setQueryData<OpenAlarms>(alarmKeys.open, { seq: 9, alarms: [open, other] });
    queryClient.setQueryData<WardSnapshot>(queryKeys.ward, ward([wardSession({ alarms: [open] }), wardSession({ id: OTHER_SESSION_ID, alarms: [other] })]));
    queryClient.setQueryData<SessionRecord>(queryKeys.session(SESSION_ID), sessionRecord({ alarms: [open] }));
    const before = queryClient.getQueryData<WardSnapshot>(queryKeys.ward);

    applyAlarmToCaches(queryClient, { ...open, acknowledgedAt: minute(5), acknowledgedBy: 'd1', acknowledgedByName: 'Dr. Paul Physician' });
    expect(queryClient.getQueryData<OpenAlarms>(alarmKeys.open)?.alarms.find((a) => a.id === 'a')?.acknowledgedByName).toBe('Dr. Paul Physician');
    const after = queryClient.getQueryData<WardSnapshot>(queryKeys.ward);
    expect(after?.sessions[0]?.alarms[0]?.acknowledgedAt).toBe(minute(5));
    // The other chair keeps its object: its card does not re-render.
    expect(after?.sessions[1]).toBe(before?.sessions[1]);
    expect(after?.seq).toBe(before?.seq);

    // Acknowledging a resolved alarm closes it: off the ward and the open list, kept in the record's history.
    applyAlarmToCaches(queryClient, { ...open, resolvedAt: minute(4), acknowledgedAt: minute(6), closedAt: minute(6) });
    expect(queryClient.getQueryData<OpenAlarms>(alarmKeys.open)?.alarms.map((a) => a.id)).toEqual(['b']);
    expect(queryClient.getQueryData<WardSnapshot>(queryKeys.ward)?.sessions[0]?.alarms).toEqual([]);
    expect(queryClient.getQueryData<SessionRecord>(queryKeys.session(SESSION_ID))?.alarms[0]?.closedAt).toBe(minute(6));
  });
});

describe('NEWS2 as the card and the session view show it', () => {
  const now = Date.parse(minute(30));
  const vitals = [
    observation({ id: 'rr', kind: 'respiratoryRate', value: 16, observedAt: minute(25), source: 'manual' }),
    observation({ id: 'spo2', kind: 'spo2', value: 97, observedAt: minute(25), onOxygen: false }),
    observation({ id: 'bp', kind: 'bloodPressure', value: 134, value2: 84, observedAt: minute(25) }),
    observation({ id: 'hr', kind: 'heartRate', value: 118, observedAt: minute(25) }),
  ];

  it('names what is missing and withholds the score', () => {
    const assessment = news2FromLatest(vitals, null, now);
    expect(assessment.score).toBeNull();
    expect(missingText(assessment)).toBe('Temp');
    expect(missingText(assessment, 'long')).toBe('Temperature');
  });

  it('takes consciousness from the newest current MOAA/S or RASS, and says so when it assumed Alert', () => {
    const temperature = observation({ id: 't', kind: 'temperature', value: 36.8, observedAt: minute(20), source: 'manual' });
    const notes = [
      sideEffect({ id: 'old', kind: 'sedation', scale: 'moaas', score: 5, severity: 'none', observedAt: minute(10) }),
      sideEffect({ id: 'new', kind: 'sedation', scale: 'moaas', score: 4, severity: 'mild', observedAt: minute(20) }),
      sideEffect({ id: 'withdrawn', kind: 'sedation', scale: 'moaas', score: 1, severity: 'severe', observedAt: minute(25), status: 'entered-in-error' }),
      sideEffect({ id: 'nausea', kind: 'nausea', scale: 'nrs', score: 5, observedAt: minute(26) }),
    ];
    expect(latestSedationScore(notes)?.id).toBe('new');
    const scored = news2FromLatest([...vitals, temperature], latestSedationScore(notes), now);
    expect(scored.score).toMatchObject({ total: 5, band: 'medium' });
    expect(scored.consciousnessAssumed).toBe(false);
    const assumed = news2FromLatest([...vitals, temperature], latestSedationScore([]), now);
    expect(assumed.score?.total).toBe(2);
    expect(assumed.consciousnessAssumed).toBe(true);
    expect(ASSUMED_ALERT_TEXT).toContain('assumed Alert');
  });
});

describe('the alarm-limit forms', () => {
  it('shows every setting of the shared schema, and sends back what validates as a whole', () => {
    const values = toValues(DEFAULT_ALARM_SETTINGS);
    expect(Object.keys(values)).toHaveLength(LIMIT_FIELDS.length);
    expect(values['heartRate.highAbove']).toBe('130');
    expect(values.escalateAfterMinutes).toBe('2');
    const { numbers, errors } = parseValues({ ...values, 'spo2.highBelow': '91,5' });
    expect(errors).toEqual({});
    const body = clinicBody(numbers);
    expect(alarmSettingsSchema.parse(body)).toMatchObject({ spo2: { highBelow: 91.5, mediumBelow: 94 } });
  });

  it('says "Enter a number" beside a field that is not one', () => {
    const { errors } = parseValues({ ...toValues(DEFAULT_ALARM_SETTINGS), 'heartRate.mediumAbove': '', reannounceMinutes: 'five' });
    expect(errors).toEqual({ 'heartRate.mediumAbove': 'Enter a number', reannounceMinutes: 'Enter a number' });
  });

  it('sends a session only what differs from the clinic, and clears a group changed before', () => {
    const clinic = { ...DEFAULT_ALARM_SETTINGS, reannounceMinutes: 10 };
    const previous = { heartRate: { highAbove: 140 }, reannounceMinutes: 7 };
    const { numbers } = parseValues({ ...toValues(clinic), 'systolic.highAbove': '200', 'diastolic.highAbove': '120' });
    const body = overrideBody(numbers, clinic, previous);
    expect(alarmSettingsOverrideSchema.parse(body)).toEqual(body);
    expect(body.systolic).toEqual({ highAbove: 200 });
    expect(body.diastolic).toEqual({ highAbove: 120 });
    // Heart rate is back at the clinic's value: an empty group replaces the earlier change.
    expect(body.heartRate).toEqual({});
    // A timing value changed before cannot be removed, only set back to the clinic's.
    expect(body.reannounceMinutes).toBe(10);
    expect(body.escalateAfterMinutes).toBeUndefined();
    // What the server would store ({ ...previous, ...body }) merges to the intended limits.
    const effective = mergeSettings(clinic, { ...previous, ...body });
    expect(changedFromClinic(effective, clinic).sort()).toEqual(['diastolic.highAbove', 'systolic.highAbove']);
  });

  it('places the API’s issues beside their fields and says the rest once', () => {
    const placed = issuesToErrors(
      [
        { path: 'delaysSeconds.spo2High', code: 'too_big', message: 'too big: expected number to be <=120' },
        { path: 'unknownField', code: 'unrecognized_keys', message: 'not expected' },
      ],
      'The limits were not saved',
    );
    expect(placed.fields).toEqual({ 'delaysSeconds.spo2High': 'Too big: expected number to be <=120' });
    expect(placed.form).toBe('unknownField: not expected');
    expect(issuesToErrors([], 'The limits were not saved')).toEqual({ fields: {}, form: 'The limits were not saved' });
  });
});
