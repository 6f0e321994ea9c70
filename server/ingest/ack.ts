import { Hl7Message, Hl7Segment } from '@medplum/core';
import { escapeHl7 } from '../../shared/ingest/hl7.ts';
import type { AckCode } from '../../shared/ingest/schemas.ts';
import type { IngestIssue } from '../../shared/ingest/types.ts';

/** HL7 table 0357 (message error condition codes) for each of our issue codes. */
const ERROR_CONDITION: Readonly<Record<string, string>> = {
  not_hl7: '100^Segment sequence error',
  too_large: '100^Segment sequence error',
  unsupported_message: '200^Unsupported message type',
  unmapped_code: '103^Table value not found',
  unmapped_unit: '103^Table value not found',
  invalid_value: '102^Data type error',
  invalid_time: '102^Data type error',
  incomplete_blood_pressure: '101^Required field missing',
  duplicate_row: '205^Duplicate key identifier',
  correction_not_applied: '207^Application internal error',
  unmapped_device: '204^Unknown key identifier',
  unknown_patient: '204^Unknown key identifier',
  patient_mismatch: '204^Unknown key identifier',
  no_active_session: '204^Unknown key identifier',
  ambiguous_session: '204^Unknown key identifier',
  record_failed: '207^Application internal error',
  invalid_reading: '102^Data type error',
  observed_in_future: '102^Data type error',
};

export interface AckIssue {
  issue: IngestIssue;
  /** ERR-2 error location: `OBX^3^5` (segment, occurrence, field). */
  where?: string;
}

let ackSequence = 0;

/**
 * The ACK for a message: MSA-1 the code, MSA-2 the message's control id, MSA-3 one line of text,
 * then one ERR per problem (ERR-2 location, ERR-3 table 0357 code, ERR-4 severity, ERR-8 text).
 */
export function buildAck(original: Hl7Message | null, code: AckCode, text: string, problems: AckIssue[] = []): string {
  const source = original ?? Hl7Message.parse('MSH|^~\\&|||||||ACK||P|2.6');
  const ack = source.buildAck({ ackCode: code });
  const msh = ack.getSegment('MSH');
  if (msh) {
    if (!msh.getField(3)?.toString()) msh.setField(3, 'CHAIRSIDE');
    ackSequence = (ackSequence + 1) % 1000;
    msh.setField(10, `CS${Date.now()}${String(ackSequence).padStart(3, '0')}`);
  }
  ack.getSegment('MSA')?.setField(3, escapeHl7(text).slice(0, 400));
  for (const { issue, where } of problems.slice(0, 50)) {
    const condition = ERROR_CONDITION[issue.code] ?? '207^Application internal error';
    ack.segments.push(
      new Hl7Segment(['ERR', '', where ?? '', `${condition}^HL70357`, issue.severity === 'warning' ? 'W' : 'E', issue.code, '', '', escapeHl7(`${issue.location}: ${issue.message}`).slice(0, 250)], ack.context),
    );
  }
  return ack.toString();
}
