import type { Generated } from 'kysely';

/**
 * Table shapes. Times are canonical ISO-8601 UTC text (fixed width, so text order is time order)
 * on both engines, which keeps one schema and one set of queries for SQLite and PostgreSQL.
 */
export interface Database {
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  device_tokens: DeviceTokensTable;
  chairs: ChairsTable;
  patients: PatientsTable;
  sessions: SessionsTable;
  phase_transitions: PhaseTransitionsTable;
  observations: ObservationsTable;
  side_effects: SideEffectsTable;
  infusion_events: InfusionEventsTable;
  event_log: EventLogTable;
  audit_log: AuditLogTable;
  alarms: AlarmsTable;
  alarm_conditions: AlarmConditionsTable;
  alarm_settings: AlarmSettingsTable;
  discharge_checks: DischargeChecksTable;
  ingest_device_mappings: IngestDeviceMappingsTable;
  ingest_messages: IngestMessagesTable;
  ingest_inbox: IngestInboxTable;
  import_column_mappings: ImportColumnMappingsTable;
  imports: ImportsTable;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  failed_sign_ins: Generated<number>;
  locked_at: string | null;
  /** 'person', or 'device' for the service account behind an ingest token. */
  kind: Generated<string>;
}

export interface AuthSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  last_seen_at: string | null;
  csrf_token: string | null;
  source_ip: string | null;
}

export interface DeviceTokensTable {
  id: string;
  name: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface ChairsTable {
  id: string;
  label: string;
  room: string;
  created_at: string;
}

export interface PatientsTable {
  id: string;
  mrn: string;
  name: string;
  date_of_birth: string;
  weight_kg: number;
  allergies: string;
  created_at: string;
  created_by: string;
  request_hash: string;
}

export interface SessionsTable {
  id: string;
  patient_id: string;
  chair_id: string;
  indication: string;
  indication_other: string | null;
  dose_mg_per_kg: number;
  weight_kg: number;
  total_dose_mg: number;
  planned_infusion_minutes: number;
  rate_mg_per_hour: number;
  nurse_id: string;
  physician_id: string;
  phase: string;
  scheduled_for: string | null;
  infusion_started_at: string | null;
  phase_changed_at: string;
  created_at: string;
  created_by: string;
  request_hash: string;
  signed_at: string | null;
  signed_by: string | null;
}

export interface PhaseTransitionsTable {
  id: Generated<number>;
  session_id: string;
  from_phase: string | null;
  to_phase: string;
  at: string;
  by_user: string;
  reason: string | null;
}

export interface ObservationsTable {
  id: string;
  session_id: string;
  kind: string;
  value: number;
  value2: number | null;
  unit: string;
  interpretation: string;
  abnormal: number;
  observed_at: string;
  observed_offset: number;
  recorded_at: string;
  source: string;
  device_id: string | null;
  on_oxygen: number | null;
  source_value: number | null;
  source_value2: number | null;
  source_unit: string | null;
  recorded_by: string;
  status: string;
  amends_id: string | null;
  superseded_by_id: string | null;
  status_reason: string | null;
  request_hash: string;
  /** The file an imported observation came from (set by the import, in its transaction). */
  source_file: Generated<string | null>;
}

export interface SideEffectsTable {
  id: string;
  session_id: string;
  kind: string;
  severity: string;
  scale: string | null;
  score: number | null;
  note: string | null;
  observed_at: string;
  observed_offset: number;
  recorded_at: string;
  recorded_by: string;
  status: string;
  amends_id: string | null;
  superseded_by_id: string | null;
  status_reason: string | null;
  request_hash: string;
}

export interface InfusionEventsTable {
  id: string;
  session_id: string;
  kind: string;
  at: string;
  at_offset: number;
  rate_mg_per_hour: number | null;
  drug: string | null;
  dose: number | null;
  dose_unit: string | null;
  route: string | null;
  reason: string | null;
  recorded_at: string;
  recorded_by: string;
  request_hash: string;
}

export interface EventLogTable {
  seq: Generated<number>;
  session_id: string;
  type: string;
  at: string;
  payload: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: string | null;
  username: string | null;
  source_ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_state: string | null;
  after_state: string | null;
  reason: string | null;
}

export interface AlarmsTable {
  id: string;
  session_id: string;
  rule_id: string;
  alarm_class: string;
  priority: string;
  value: string;
  raised_at: string;
  resolved_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  announced_at: string;
  escalated_at: string | null;
  closed_at: string | null;
}

export interface AlarmConditionsTable {
  session_id: string;
  rule_id: string;
  status: string;
  since: string;
  priority: string;
  value: string;
  alarm_id: string | null;
}

export interface AlarmSettingsTable {
  /** 'clinic', or a session id for a per-session override. */
  scope: string;
  settings: string;
  updated_at: string;
  updated_by: string;
}

export interface DischargeChecksTable {
  session_id: string;
  escort_present: number;
  instructions_given: number;
  escort_name: string | null;
  updated_at: string;
  updated_by: string;
}

/** Which device feeds which chair: matched on PV1-3 location, the device id, or MSH-4 facility. */
export interface IngestDeviceMappingsTable {
  id: string;
  match_on: string;
  match_key: string;
  chair_id: string;
  /** IANA zone (or fixed offset) for the device's timestamps that carry none. */
  time_zone: string;
  label: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** Every HL7 message received, with the answer it got. */
export interface IngestMessagesTable {
  id: string;
  received_at: string;
  /** 'mllp', 'http' or 'import'. */
  channel: string;
  device_id: string | null;
  control_id: string | null;
  content_hash: string;
  processing_id: string | null;
  /** 'stored', 'partial', 'inbox', 'skipped', 'rejected' or 'duplicate'. */
  outcome: string;
  ack_code: string;
  ack_text: string;
  session_id: string | null;
  stored_count: number;
  /** JSON: readings stored, issues, routing. */
  summary: string;
  raw: string | null;
}

/** Readings that could not be placed (unmapped codes, unknown device, patient or session). */
export interface IngestInboxTable {
  id: string;
  message_id: string;
  received_at: string;
  device_id: string | null;
  reason: string;
  detail: string;
  raw: string;
  /** JSON: keys of readings that can be recorded once a session is chosen. */
  pending: string;
  /** JSON: issues with rows of the message. */
  problems: string;
  suggested_session_id: string | null;
  /** 'open', 'assigned' or 'dismissed'. */
  status: string;
  session_id: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

/** CSV column mappings remembered per device model. */
export interface ImportColumnMappingsTable {
  device_model: string;
  mapping: string;
  updated_at: string;
  updated_by: string;
}

export interface ImportsTable {
  id: string;
  file_name: string;
  format: string;
  file_hash: string;
  device_model: string | null;
  row_count: number;
  stored_count: number;
  summary: string;
  created_at: string;
  created_by: string;
}
