/**
 * Requests and answers of the ingest API: device-to-chair mappings, the inbox, HL7 over HTTP,
 * file import preview and commit.
 */
import { z } from 'zod';
import { idSchema, reasonSchema } from '../schemas/common.ts';
import type { VitalKind } from '../vitals/catalogue.ts';
import { csvMappingSchema } from './csv.ts';
import { isValidTimeZone } from './time.ts';
import type { IngestIssue } from './types.ts';

export const DEVICE_MATCH_ON = ['location', 'device', 'facility'] as const;
export type DeviceMatchOn = (typeof DEVICE_MATCH_ON)[number];

const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, { message: 'an IANA time zone (Europe/Berlin), UTC, or a fixed offset (+02:00)' });

/**
 * Which device feeds which chair. `matchOn`: `location` compares PV1-3 (`3 WEST ICU^3001^1`),
 * `device` the device id (MSH-3 EUI-64, an EUI-64 in OBR-2/3, MSH-3's name, OBX-18), `facility`
 * MSH-4. A message is matched by location first, then device, then facility; case is ignored.
 */
export const deviceMappingInputSchema = z.object({
  id: idSchema,
  matchOn: z.enum(DEVICE_MATCH_ON).default('device'),
  matchKey: z.string().trim().min(1).max(200),
  chairId: idSchema,
  timeZone: timeZoneSchema.default('UTC'),
  label: z.string().trim().max(120).optional(),
});
export type DeviceMappingInput = z.input<typeof deviceMappingInputSchema>;

export const deviceMappingUpdateSchema = z.object({
  matchOn: z.enum(DEVICE_MATCH_ON).optional(),
  matchKey: z.string().trim().min(1).max(200).optional(),
  chairId: idSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  label: z.string().trim().max(120).nullable().optional(),
});

export interface DeviceMapping {
  id: string;
  matchOn: DeviceMatchOn;
  matchKey: string;
  chairId: string;
  chairLabel: string;
  timeZone: string;
  label: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/ingest/hl7` as JSON: one message or several. (Or send the text as `text/plain`.) */
export const hl7PostSchema = z.union([
  z.object({ message: z.string().min(1, 'send an HL7 message').max(1_000_000) }),
  z.object({ messages: z.array(z.string().min(1).max(1_000_000)).min(1).max(100) }),
]);

export type AckCode = 'AA' | 'AE' | 'AR';

/** What the server answered one HL7 message. */
export interface Hl7Outcome {
  ackCode: AckCode;
  controlId: string;
  /** MSA-3: one line saying what happened. */
  text: string;
  /** The ACK message itself (ER7, segments separated by CR). */
  ack: string;
  messageId: string;
  deviceId: string | null;
  sessionId: string | null;
  stored: number;
  inboxId: string | null;
  /** Resent message: answered from the first time, nothing processed again. */
  duplicate: boolean;
  issues: IngestIssue[];
}

export const inboxQuerySchema = z.object({
  status: z.enum(['open', 'assigned', 'dismissed', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const inboxAssignSchema = z.object({
  sessionId: idSchema,
  /** Re-read times that had no zone in this zone (else the device's mapping zone, else UTC). */
  timeZone: timeZoneSchema.optional(),
});

export const inboxDismissSchema = z.object({ reason: reasonSchema });

export interface InboxEntry {
  id: string;
  messageId: string;
  receivedAt: string;
  deviceId: string | null;
  reason: string;
  detail: string;
  raw: string;
  /** Readings that will be recorded when the entry is assigned to a session. */
  pending: Array<{ key: string; kind: VitalKind; location: string; observedAt: string }>;
  problems: IngestIssue[];
  suggestedSessionId: string | null;
  status: 'open' | 'assigned' | 'dismissed';
  sessionId: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface DeviceIngestStatus {
  deviceId: string;
  lastMessageAt: string;
  lastAckCode: string;
  lastOutcome: string;
  /** Messages per minute over the last five minutes. */
  messagesPerMinute: number;
  /** AE and AR answers in the last 24 hours. */
  errorCount24h: number;
  total24h: number;
  /** Messages flagged debug/test (MSH-11 D or T) in the last 24 hours. */
  testMessages24h: number;
}

export const IMPORT_FORMATS = ['hl7', 'csv', 'fhir'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const importRequestSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  content: z.string().min(1, 'the file is empty').max(900_000),
  /** Detected from the content when absent. */
  format: z.enum(IMPORT_FORMATS).optional(),
  /** Every row to this session; else HL7 rows follow the device mapping and PID, FHIR rows the subject MRN. */
  sessionId: idSchema.optional(),
  /** Zone for times without one (HL7, FHIR, CSV without its own). */
  timeZone: timeZoneSchema.optional(),
  /** CSV only: the column mapping; remembered for `deviceModel` on commit. */
  csv: csvMappingSchema.optional(),
  deviceModel: z.string().trim().min(1).max(120).optional(),
  /** Commit the rows that are fine and leave the rest (each reported); default: refuse the file. */
  skipInvalidRows: z.boolean().default(false),
});
export type ImportRequest = z.input<typeof importRequestSchema>;

export interface ImportPreviewRow {
  /** `row 12`, `OBX 3 (message 2)`, `entry 1` */
  location: string;
  kind: VitalKind;
  values: { value: number } | { systolic: number; diastolic: number };
  unit: string;
  observedAt: string;
  timeAssumedZone: string | null;
  sessionId: string | null;
  /** `chair label · patient MRN` of the session, for the person checking the preview. */
  sessionLabel: string | null;
  status: 'ok' | 'error';
  issues: IngestIssue[];
}

export interface ImportPreview {
  fileName: string;
  format: ImportFormat;
  deviceModel: string | null;
  rows: ImportPreviewRow[];
  /** Problems not tied to one reading: skipped rows, drift, preamble, unmapped codes. */
  issues: IngestIssue[];
  summary: { ok: number; errors: number; skipped: number; warnings: number };
}

export interface ImportCommitResult {
  importId: string;
  fileName: string;
  stored: number;
  /** Rows already stored by an earlier import of the same readings. */
  alreadyStored: number;
  notImported: number;
  preview: ImportPreview;
}
