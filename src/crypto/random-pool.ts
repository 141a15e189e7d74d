import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from a pool refilled from the CSPRNG: one native call per 64 KiB instead
 * of one per IV or key (the call costs more than the encryption of a small record).
 * Each pool byte is handed out once and zeroed as it leaves, so bytes already used as
 * keys do not linger in the pool.
 */
const POOL_BYTES = 64 * 1024;
const pool = Buffer.alloc(POOL_BYTES);
let at = POOL_BYTES;

/** Fills `into[offset, offset + length)` with fresh random bytes. */
export function fillRandom(into: Uint8Array, offset = 0, length = into.byteLength - offset): void {
  if (length > POOL_BYTES / 4) {
    randomFillSync(into, offset, length);
    return;
  }
  if (at + length > POOL_BYTES) {
    randomFillSync(pool);
    at = 0;
  }
  pool.copy(into, offset, at, at + length);
  pool.fill(0, at, at + length);
  at += length;
}

/** A new Buffer of `length` random bytes (randomBytes without a native call each time). */
export function pooledRandomBytes(length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  fillRandom(out, 0, length);
  return out;
}
