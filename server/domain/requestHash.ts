import { createHash } from 'node:crypto';

/**
 * A fingerprint of what a client asked to store. A retry with the same id and the same content is
 * the same write; the same id with other content is a conflict, never a silent overwrite.
 */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
