import type { AppServices } from '../../server/app-services.js';
import { parseSealed, type ParsedSealed } from './envelope.js';
import { valuePath } from './paths.js';
import type { SecretRecord } from './secret.js';

interface Entry {
  rev: number;
  sealed: ParsedSealed;
  bytes: number;
}

/** Bounds of the cache: entries and bytes of envelope-encrypted values held. */
const MAX_ENTRIES = 10_000;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Stored versions as read from storage and opened by the barrier: still envelope-encrypted
 * (the value under its data key, the data key wrapped by KMS), so nothing here is plaintext,
 * and every read still asks KMS for the data key. A version's value never changes; only its
 * wrapping does (a new KMS key re-encrypts it), and every write of a value bumps the record's
 * rev in the same transaction, so an entry is used only for the rev it was read under.
 */
class SealedValues {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  get(path: string, rev: number): ParsedSealed | undefined {
    const e = this.entries.get(path);
    return e !== undefined && e.rev === rev ? e.sealed : undefined;
  }

  put(path: string, rev: number, sealed: ParsedSealed): void {
    const bytes = sealed.c.length + sealed.w.length + sealed.k.length + 64;
    this.drop(path);
    while (this.entries.size > 0 && (this.entries.size >= MAX_ENTRIES || this.bytes + bytes > MAX_BYTES)) {
      this.drop(this.entries.keys().next().value as string);
    }
    if (bytes > MAX_BYTES) return;
    this.entries.set(path, { rev, sealed, bytes });
    this.bytes += bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    this.entries.delete(path);
    this.bytes -= e.bytes;
  }
}

const perStore = new WeakMap<object, SealedValues>();

function cacheOf(app: AppServices): SealedValues {
  let c = perStore.get(app.store);
  if (!c) {
    const created = new SealedValues();
    app.bus.subscribe((topic) => {
      if (topic === 'reset') created.clear();
    });
    perStore.set(app.store, created);
    c = created;
  }
  return c;
}

/** The stored, sealed value of one version of `r` (as of r.rev), or undefined when there is none. */
export async function sealedVersion(app: AppServices, r: SecretRecord, versionId: string): Promise<ParsedSealed | undefined> {
  const cache = cacheOf(app);
  const path = valuePath(r.account, r.region, r.sid, versionId);
  const hit = cache.get(path, r.rev);
  if (hit) return hit;
  const stored = await app.store.get(path);
  if (!stored) return undefined;
  const sealed = parseSealed(stored);
  cache.put(path, r.rev, sealed);
  return sealed;
}
