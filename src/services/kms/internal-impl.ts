import { randomUUID } from 'node:crypto';
import { pooledRandomBytes } from '../../crypto/random-pool.js';
import type { SecureStore } from '../../crypto/secure-store.js';
import { authorizeAction } from '../../protocol/authorize.js';
import type { InvalidationBus } from '../../server/invalidation.js';
import { ensureAwsManagedKey } from './aws-managed.js';
import { invalidCiphertext, parseBlob, type ParsedBlob } from './ciphertext.js';
import { dataKeyCacheFor } from './data-key-cache.js';
import { decryptWith, encryptWith, requireEncryptDecrypt, requireSymmetric } from './envelope.js';
import type { KmsCaller, KmsInternal } from './internal.js';
import { findKey, type FoundKey } from './key-guard.js';
import { assertState } from './key-state.js';
import { keyArn, materialById } from './key.js';
import { contextKeys, keyAuthz } from './op-support.js';
import { kmsRepo } from './repo.js';
import { recordUsage } from './usage.js';

const DATA_KEY_BYTES = 32;

/**
 * A service using a key on a caller's behalf is decided as that caller's own KMS call would be,
 * with kms:ViaService naming the service: that is what the aws/<service> keys' policies ask for,
 * and what keeps them from serving another account.
 */
async function authorizeVia(caller: KmsCaller, action: string, found: FoundKey, encryptionContext: Record<string, string>): Promise<void> {
  const request = caller.request;
  if (!request) return;
  const extra = contextKeys(encryptionContext);
  extra['kms:EncryptionAlgorithm'] = 'SYMMETRIC_DEFAULT';
  if (caller.viaService !== undefined) extra['kms:ViaService'] = caller.viaService;
  await authorizeAction(request, action, keyAuthz(found, request, extra));
}

interface ReadBlob {
  /** The blob's bytes when read: a buffer changed since is read again. */
  copy: Buffer;
  parsed: ParsedBlob;
  region: string;
  arn: string;
}

// Secrets Manager hands over the same buffer for the same stored version (see its sealed-values cache).
const readBlobs = new WeakMap<Buffer, ReadBlob>();

/** parseBlob and the ARN of the key it names, remembered per buffer. */
function readBlob(blob: Buffer, region: string): { parsed: ParsedBlob; arn: string } {
  const known = readBlobs.get(blob);
  if (known && known.region === region && known.copy.equals(blob)) return known;
  const parsed = parseBlob(blob);
  if (!parsed) throw invalidCiphertext();
  const read: ReadBlob = { copy: Buffer.from(blob), parsed, region, arn: keyArn(region, parsed.account, parsed.keyId) };
  readBlobs.set(blob, read);
  return read;
}

/**
 * What Secrets Manager asks of KMS in-process: the same resolution, key-state table, usage
 * checks and ciphertext format as the GenerateDataKey and Decrypt API calls.
 */
export function createKmsInternal(deps: { store: SecureStore; bus: InvalidationBus }): KmsInternal {
  const repo = kmsRepo(deps.store, deps.bus);
  const dataKeys = dataKeyCacheFor(repo, deps.bus);
  const callerOf = (c: KmsCaller) => ({ account: c.account, region: c.region, now: c.now });
  const usageCtx = (c: KmsCaller) => ({ now: c.now, requestId: randomUUID() });

  return {
    async resolveKeyArn(caller, keyId) {
      return (await findKey(repo, callerOf(caller), keyId, { createAwsManaged: true })).arn;
    },

    async awsManagedKeyArn(caller, service) {
      const keyId = await ensureAwsManagedKey(repo, caller.account, caller.region, service, caller.now);
      return keyArn(caller.region, caller.account, keyId);
    },

    async generateDataKey(caller, keyId, encryptionContext) {
      const found = await findKey(repo, callerOf(caller), keyId, { createAwsManaged: true });
      await authorizeVia(caller, 'kms:GenerateDataKey', found, encryptionContext);
      assertState('GenerateDataKey', found.key, found.arn, caller.now);
      requireSymmetric(found, 'GenerateDataKey');
      const plaintext = pooledRandomBytes(DATA_KEY_BYTES);
      const sealed = encryptWith(found, 'SYMMETRIC_DEFAULT', plaintext, encryptionContext);
      recordUsage(repo, usageCtx(caller), found, 'GenerateDataKey');
      return { keyArn: found.arn, plaintext, ciphertextBlob: sealed.blob };
    },

    async decrypt(caller, ciphertextBlob, encryptionContext) {
      const { parsed, arn } = readBlob(ciphertextBlob, caller.region);
      const found = await findKey(repo, callerOf(caller), arn);
      await authorizeVia(caller, 'kms:Decrypt', found, encryptionContext);
      assertState('Decrypt', found.key, found.arn, caller.now);
      requireEncryptDecrypt(found, 'Decrypt');
      // Everything above runs on every call; only the unwrap itself may come from the cache,
      // and only while the blob's material is still there.
      const k = found.key;
      const usable = k.keySpec === 'SYMMETRIC_DEFAULT' && parsed.keyId === k.keyId && materialById(k, parsed.materialId)?.secret !== undefined;
      let plaintext = usable ? dataKeys.get(ciphertextBlob, encryptionContext, found.arn, caller.now) : undefined;
      if (plaintext === undefined) {
        plaintext = decryptWith(found, 'SYMMETRIC_DEFAULT', ciphertextBlob, parsed, encryptionContext).plaintext;
        if (usable) dataKeys.put(ciphertextBlob, encryptionContext, found.arn, plaintext, caller.now);
      }
      recordUsage(repo, usageCtx(caller), found, 'Decrypt');
      return { keyArn: found.arn, plaintext };
    },
  };
}
