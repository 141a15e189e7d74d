import { pooledRandomBytes } from '../../crypto/random-pool.js';

/**
 * A new secret's internal id: a version 7 UUID (RFC 9562: 48-bit millisecond time, then 74
 * random bits), so ids, and the storage keys built from them, sort by creation. A new secret's
 * rows then land in the index pages the previous ones touched, instead of one random page per
 * row, which halves what SQLite writes per CreateSecret. What the keys reveal to the storage is
 * when each secret was made, which it sees anyway as the rows arrive; names stay hashed.
 */
export function newSid(nowMs = Date.now()): string {
  const b = pooledRandomBytes(16);
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
