import { describe, expect, it } from 'vitest';
import { ACTIONS, PERMISSIONS, ROLES, can } from '../../shared/auth/permissions.ts';
import { phaseChangeSchema, sessionInputSchema } from '../../shared/schemas/session.ts';
import { SESSION_PHASES, canTransition, isActivePhase } from '../../shared/session/phase.ts';
import { infusionRateMgPerHour, totalDoseMg } from '../../shared/session/protocol.ts';

describe('session phases', () => {
  it('runs scheduled → baseline → infusing ⇄ paused → recovery → discharged', () => {
    expect(canTransition('scheduled', 'baseline')).toBe(true);
    expect(canTransition('baseline', 'infusing')).toBe(true);
    expect(canTransition('infusing', 'paused')).toBe(true);
    expect(canTransition('paused', 'infusing')).toBe(true);
    expect(canTransition('infusing', 'recovery')).toBe(true);
    expect(canTransition('recovery', 'discharged')).toBe(true);
  });

  it('refuses skipping steps and leaving a closed session', () => {
    expect(canTransition('scheduled', 'infusing')).toBe(false);
    expect(canTransition('baseline', 'recovery')).toBe(false);
    expect(canTransition('recovery', 'infusing')).toBe(false);
    for (const to of SESSION_PHASES) {
      expect(canTransition('discharged', to)).toBe(false);
      expect(canTransition('aborted', to)).toBe(false);
    }
  });

  it('can abort from any open phase, with a reason', () => {
    for (const from of ['scheduled', 'baseline', 'infusing', 'paused', 'recovery'] as const) {
      expect(canTransition(from, 'aborted')).toBe(true);
    }
    expect(phaseChangeSchema.safeParse({ to: 'aborted' }).error?.issues[0]?.path).toEqual(['reason']);
    expect(phaseChangeSchema.safeParse({ to: 'aborted', reason: 'Patient asked to stop' }).success).toBe(true);
    expect(isActivePhase('paused')).toBe(true);
    expect(isActivePhase('discharged')).toBe(false);
  });
});

describe('dosing', () => {
  it('derives the total dose from mg/kg and weight, and the rate from the planned minutes', () => {
    expect(totalDoseMg(0.5, 80)).toBe(40);
    expect(totalDoseMg(0.5, 73.4)).toBe(36.7);
    expect(infusionRateMgPerHour(40, 40)).toBe(60);
  });

  it('refuses an implausible dose or duration', () => {
    const valid = {
      id: '0b6f3a52-6a43-4a2e-9d6e-0a5d4d1a2b01',
      patientId: '1c7e4b63-7b54-4b3f-8e7f-1b6e5e2b3c02',
      chairId: '2d8f5c74-8c65-4c4f-9f8f-2c7f6f3c4d03',
      nurseId: '3e9f6d85-9d76-4d5f-af9f-3d8f7f4d5e04',
      physicianId: '4fa07e96-ae87-4e6f-b0af-4e9f8f5e6f05',
      indication: 'treatmentResistantDepression',
      doseMgPerKg: 0.5,
      plannedInfusionMinutes: 40,
    };
    expect(sessionInputSchema.safeParse(valid).success).toBe(true);
    expect(sessionInputSchema.safeParse({ ...valid, doseMgPerKg: 50 }).error?.issues[0]?.path).toEqual(['doseMgPerKg']);
    expect(sessionInputSchema.safeParse({ ...valid, plannedInfusionMinutes: 0 }).error?.issues[0]?.path).toEqual(['plannedInfusionMinutes']);
    expect(sessionInputSchema.safeParse({ ...valid, indication: 'other' }).error?.issues[0]?.path).toEqual(['indicationOther']);
  });
});

describe('permission table', () => {
  it('lets reviewers read but never write, and admins make no clinical writes', () => {
    expect(can(['reviewer'], 'session.read')).toBe(true);
    // Reviewers read history and export records; they change nothing.
    expect(can(['reviewer'], 'record.export')).toBe(true);
    for (const action of ACTIONS.filter((a) => !a.endsWith('.read') && a !== 'record.export')) {
      expect(can(['reviewer'], action)).toBe(false);
    }
    expect(can(['admin'], 'observation.record')).toBe(false);
    expect(can(['admin'], 'chair.manage')).toBe(true);
    expect(can(['admin', 'nurse'], 'observation.record')).toBe(true);
    expect(can(['nurse'], 'user.manage')).toBe(false);
  });

  it('gives every role only actions that exist', () => {
    for (const role of ROLES) for (const action of PERMISSIONS[role]) expect(ACTIONS).toContain(action);
  });
});
