/**
 * An order-independent fingerprint of a multiset of UUIDs: how many, and two sums of their random
 * bits. Two digests are equal when the multisets are (a loss, a duplicate or a stranger changes at
 * least one part), in constant memory however many ids a dashboard receives in a long soak.
 */
export interface IdDigest {
  count: number;
  /** Sum of each id's last 48 random bits, modulo 2^48 (exact in a double). */
  sum: number;
  /** XOR of each id's first 32 bits. */
  xor: number;
}

const MOD = 2 ** 48;

export const emptyDigest = (): IdDigest => ({ count: 0, sum: 0, xor: 0 });

export function addToDigest(digest: IdDigest, id: string): void {
  const hex = id.replaceAll('-', '');
  digest.count++;
  digest.sum = (digest.sum + Number.parseInt(hex.slice(20, 32), 16)) % MOD;
  digest.xor = (digest.xor ^ Number.parseInt(hex.slice(0, 8), 16)) >>> 0;
}

export function digestOf(ids: Iterable<string>): IdDigest {
  const digest = emptyDigest();
  for (const id of ids) addToDigest(digest, id);
  return digest;
}

export const sameDigest = (a: IdDigest, b: IdDigest): boolean => a.count === b.count && a.sum === b.sum && a.xor === b.xor;
