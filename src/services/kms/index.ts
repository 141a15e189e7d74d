import type { AnyOperation } from '../../protocol/operation.js';
import { cancelKeyDeletion } from './operations/cancel-key-deletion.js';
import { createAlias } from './operations/create-alias.js';
import { createGrant } from './operations/create-grant.js';
import { createKey } from './operations/create-key.js';
import {
  connectCustomKeyStore,
  createCustomKeyStore,
  deleteCustomKeyStore,
  describeCustomKeyStores,
  disconnectCustomKeyStore,
  updateCustomKeyStore,
} from './operations/custom-key-stores.js';
import { decrypt } from './operations/decrypt.js';
import { deleteAlias } from './operations/delete-alias.js';
import { deleteImportedKeyMaterial } from './operations/delete-imported-key-material.js';
import { deriveSharedSecret } from './operations/derive-shared-secret.js';
import { describeKey } from './operations/describe-key.js';
import { disableKey } from './operations/disable-key.js';
import { disableKeyRotation } from './operations/disable-key-rotation.js';
import { enableKey } from './operations/enable-key.js';
import { enableKeyRotation } from './operations/enable-key-rotation.js';
import { encrypt } from './operations/encrypt.js';
import { generateDataKey } from './operations/generate-data-key.js';
import { generateDataKeyPair } from './operations/generate-data-key-pair.js';
import { generateDataKeyPairWithoutPlaintext } from './operations/generate-data-key-pair-without-plaintext.js';
import { generateDataKeyWithoutPlaintext } from './operations/generate-data-key-without-plaintext.js';
import { generateMac } from './operations/generate-mac.js';
import { generateRandom } from './operations/generate-random.js';
import { getKeyLastUsage } from './operations/get-key-last-usage.js';
import { getKeyPolicy } from './operations/get-key-policy.js';
import { getKeyRotationStatus } from './operations/get-key-rotation-status.js';
import { getParametersForImport } from './operations/get-parameters-for-import.js';
import { getPublicKey } from './operations/get-public-key.js';
import { importKeyMaterial } from './operations/import-key-material.js';
import { listAliases } from './operations/list-aliases.js';
import { listGrants } from './operations/list-grants.js';
import { listKeyPolicies } from './operations/list-key-policies.js';
import { listKeyRotations } from './operations/list-key-rotations.js';
import { listKeys } from './operations/list-keys.js';
import { listResourceTags } from './operations/list-resource-tags.js';
import { listRetirableGrants } from './operations/list-retirable-grants.js';
import { putKeyPolicy } from './operations/put-key-policy.js';
import { reEncrypt } from './operations/re-encrypt.js';
import { replicateKey } from './operations/replicate-key.js';
import { retireGrant } from './operations/retire-grant.js';
import { revokeGrant } from './operations/revoke-grant.js';
import { rotateKeyOnDemand } from './operations/rotate-key-on-demand.js';
import { scheduleKeyDeletion } from './operations/schedule-key-deletion.js';
import { sign } from './operations/sign.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateAlias } from './operations/update-alias.js';
import { updateKeyDescription } from './operations/update-key-description.js';
import { updatePrimaryRegion } from './operations/update-primary-region.js';
import { verify } from './operations/verify.js';
import { verifyMac } from './operations/verify-mac.js';

export { createKmsInternal } from './internal-impl.js';
export { sweepKms } from './sweep.js';

/** Every KMS operation (all 54 of the 2014-11-01 model). */
export const kmsOperations: AnyOperation[] = [
  cancelKeyDeletion,
  connectCustomKeyStore,
  createAlias,
  createCustomKeyStore,
  createGrant,
  createKey,
  decrypt,
  deleteAlias,
  deleteCustomKeyStore,
  deleteImportedKeyMaterial,
  deriveSharedSecret,
  describeCustomKeyStores,
  describeKey,
  disableKey,
  disableKeyRotation,
  disconnectCustomKeyStore,
  enableKey,
  enableKeyRotation,
  encrypt,
  generateDataKey,
  generateDataKeyPair,
  generateDataKeyPairWithoutPlaintext,
  generateDataKeyWithoutPlaintext,
  generateMac,
  generateRandom,
  getKeyLastUsage,
  getKeyPolicy,
  getKeyRotationStatus,
  getParametersForImport,
  getPublicKey,
  importKeyMaterial,
  listAliases,
  listGrants,
  listKeyPolicies,
  listKeyRotations,
  listKeys,
  listResourceTags,
  listRetirableGrants,
  putKeyPolicy,
  reEncrypt,
  replicateKey,
  retireGrant,
  revokeGrant,
  rotateKeyOnDemand,
  scheduleKeyDeletion,
  sign,
  tagResource,
  untagResource,
  updateAlias,
  updateCustomKeyStore,
  updateKeyDescription,
  updatePrimaryRegion,
  verify,
  verifyMac,
];
