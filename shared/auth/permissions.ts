/**
 * The one permission table. The server checks every route and socket event against it, and the
 * client uses it to decide which controls to show; neither keeps a list of its own.
 */

/** Roles a person can be given. */
export const PERSON_ROLES = ['nurse', 'physician', 'reviewer', 'admin'] as const;
/** Every role, including the service account behind a device's ingest token. */
export const ROLES = [...PERSON_ROLES, 'device'] as const;
export type Role = (typeof ROLES)[number];
export type PersonRole = (typeof PERSON_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  nurse: 'Nurse',
  physician: 'Physician',
  reviewer: 'Reviewer',
  admin: 'Administrator',
  device: 'Device',
};

export const ACTIONS = [
  'ward.read',
  'session.read',
  'session.create',
  'session.changePhase',
  'observation.record',
  'observation.correct',
  'sideEffect.record',
  'sideEffect.correct',
  'infusion.record',
  'patient.read',
  'patient.create',
  'chair.read',
  'chair.manage',
  'user.read',
  'user.manage',
  'device.manage',
  'audit.read',
  'alarm.acknowledge',
  'alarm.configure',
  'discharge.override',
  'ingest.read',
  'ingest.manage',
  'ingest.assign',
  'ingest.import',
  'history.read',
  'record.export',
  'session.sign',
] as const;
export type Action = (typeof ACTIONS)[number];

const CLINICAL_READ: readonly Action[] = ['ward.read', 'session.read', 'patient.read', 'chair.read', 'user.read', 'history.read'];
/** The device feed's inbox and status: clinical staff, and the admins who map devices to chairs. */
const INGEST_READ: readonly Action[] = ['ingest.read'];
const CLINICAL_WRITE: readonly Action[] = [
  'session.create',
  'session.changePhase',
  'observation.record',
  'observation.correct',
  'sideEffect.record',
  'sideEffect.correct',
  'infusion.record',
  'patient.create',
  // Place device readings the feed could not (the ingest inbox), and import device export files.
  'ingest.assign',
  'ingest.import',
];

export const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  nurse: [...CLINICAL_READ, ...CLINICAL_WRITE, ...INGEST_READ],
  // Physicians do what nurses do, and answer alarms, set limits, may override discharge criteria,
  // sign finished records and export them.
  physician: [
    ...CLINICAL_READ,
    ...CLINICAL_WRITE,
    ...INGEST_READ,
    'alarm.acknowledge',
    'alarm.configure',
    'discharge.override',
    'session.sign',
    'record.export',
  ],
  reviewer: [...CLINICAL_READ, 'record.export'],
  // Admins run the clinic's set-up; they make no clinical writes unless also given a clinical role.
  admin: ['chair.read', 'chair.manage', 'user.read', 'user.manage', 'device.manage', 'audit.read', 'alarm.configure', ...INGEST_READ, 'ingest.manage'],
  // A monitor or gateway may only send readings.
  device: ['observation.record'],
};

export function can(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => PERMISSIONS[role].includes(action));
}
