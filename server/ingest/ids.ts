import { createHash } from 'node:crypto';

/** Namespace of Chairside's derived observation ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('6f1c2b0e8d9a4c57a3e1f0b2c4d6e8f1', 'hex');

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of namespace + name). The same device reading
 * always gets the same id, so a resent message or a re-imported file is the same write, and
 * `recordObservations`' idempotency stores it once.
 */
export function derivedId(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}
