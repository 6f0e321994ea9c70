/**
 * Client-generated ids make every write idempotent: the id is fixed when the nurse saves, kept with
 * the queued entry, and sent unchanged on every retry.
 *
 * `crypto.randomUUID` exists only in secure contexts (HTTPS or localhost). A clinic tablet that
 * reaches the server over plain HTTP on the LAN still has `getRandomValues`, so build a version-4
 * UUID from that instead of failing to save.
 */
export function newId(): string {
  const cryptoApi: Crypto | undefined = globalThis.crypto;
  if (cryptoApi && typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID();
  if (!cryptoApi || typeof cryptoApi.getRandomValues !== 'function') {
    throw new Error('This browser has no secure random number generator; Chairside cannot create record ids');
  }
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
