import { AwsError } from '../../protocol/errors.js';
import { currentMaterial, type KeyRecord, type KeyState } from './key.js';

/**
 * The key state is never stored: it follows from the owner's switch, a scheduled deletion,
 * replica creation and the presence (and expiry) of imported material. This pure function is
 * the only place that decides it, so time-driven changes apply the instant they are due, and
 * the sweeper only has to persist what this already says.
 */
export function keyState(k: KeyRecord, now: number): KeyState {
  if (k.deletion) return k.deletion.waitingForReplicas ? 'PendingReplicaDeletion' : 'PendingDeletion';
  if (k.creatingUntil !== undefined && now < k.creatingUntil) return 'Creating';
  if (k.origin === 'EXTERNAL' && !hasUsableMaterial(k, now)) return 'PendingImport';
  return k.disabled ? 'Disabled' : 'Enabled';
}

/** A key whose deletion date has passed no longer exists, whether or not the sweeper has run. */
export function isDeleted(k: KeyRecord, now: number): boolean {
  return k.deletion !== undefined && !k.deletion.waitingForReplicas && k.deletion.date <= now;
}

export function hasUsableMaterial(k: KeyRecord, now: number): boolean {
  const m = currentMaterial(k);
  if (!m || m.secret === undefined) return false;
  const validTo = m.imported?.validTo;
  return validTo === undefined || validTo > now;
}

export type KeyOperation =
  | 'CancelKeyDeletion'
  | 'CreateAlias'
  | 'CreateGrant'
  | 'Decrypt'
  | 'DeleteImportedKeyMaterial'
  | 'DeriveSharedSecret'
  | 'DescribeKey'
  | 'DisableKey'
  | 'DisableKeyRotation'
  | 'EnableKey'
  | 'EnableKeyRotation'
  | 'Encrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyPair'
  | 'GenerateDataKeyPairWithoutPlaintext'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'GenerateMac'
  | 'GetKeyLastUsage'
  | 'GetKeyPolicy'
  | 'GetKeyRotationStatus'
  | 'GetParametersForImport'
  | 'GetPublicKey'
  | 'ImportKeyMaterial'
  | 'ListAliases'
  | 'ListGrants'
  | 'ListKeyPolicies'
  | 'ListKeyRotations'
  | 'ListResourceTags'
  | 'PutKeyPolicy'
  | 'ReEncrypt'
  | 'ReplicateKey'
  | 'RetireGrant'
  | 'RevokeGrant'
  | 'RotateKeyOnDemand'
  | 'ScheduleKeyDeletion'
  | 'Sign'
  | 'TagResource'
  | 'UntagResource'
  | 'UpdateAlias'
  | 'UpdateKeyDescription'
  | 'UpdatePrimaryRegion'
  | 'Verify'
  | 'VerifyMac';

const ALL: readonly KeyState[] = [
  'Creating',
  'Enabled',
  'Disabled',
  'PendingDeletion',
  'PendingImport',
  'PendingReplicaDeletion',
  'Unavailable',
  'Updating',
];
const CRYPTO: readonly KeyState[] = ['Enabled'];
const MANAGE: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport', 'Creating', 'Updating'];
const SWITCH: readonly KeyState[] = ['Enabled', 'Disabled'];
const IMPORT: readonly KeyState[] = ['Enabled', 'Disabled', 'PendingImport'];

/** Which states each operation accepts (AWS's key-state table). Any other state answers STATE_ERROR. */
export const STATE_TABLE: Readonly<Record<KeyOperation, readonly KeyState[]>> = {
  CancelKeyDeletion: ['PendingDeletion', 'PendingReplicaDeletion'],
  CreateAlias: MANAGE,
  CreateGrant: CRYPTO,
  Decrypt: CRYPTO,
  DeleteImportedKeyMaterial: IMPORT,
  DeriveSharedSecret: CRYPTO,
  DescribeKey: ALL,
  DisableKey: SWITCH,
  DisableKeyRotation: CRYPTO,
  EnableKey: SWITCH,
  EnableKeyRotation: CRYPTO,
  Encrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyPair: CRYPTO,
  GenerateDataKeyPairWithoutPlaintext: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateMac: CRYPTO,
  GetKeyLastUsage: ALL,
  GetKeyPolicy: ALL,
  GetKeyRotationStatus: ALL,
  GetParametersForImport: IMPORT,
  // AWS documents DisabledException here, but answers GetPublicKey for a disabled key.
  GetPublicKey: SWITCH,
  ImportKeyMaterial: IMPORT,
  ListAliases: ALL,
  ListGrants: ALL,
  ListKeyPolicies: ALL,
  ListKeyRotations: ALL,
  ListResourceTags: ALL,
  PutKeyPolicy: ALL,
  ReEncrypt: CRYPTO,
  ReplicateKey: SWITCH,
  RetireGrant: ALL,
  RevokeGrant: ALL,
  RotateKeyOnDemand: CRYPTO,
  ScheduleKeyDeletion: IMPORT,
  Sign: CRYPTO,
  TagResource: MANAGE,
  UntagResource: MANAGE,
  UpdateAlias: MANAGE,
  UpdateKeyDescription: MANAGE,
  UpdatePrimaryRegion: SWITCH,
  Verify: CRYPTO,
  VerifyMac: CRYPTO,
};

const STATE_WORDS: Readonly<Record<KeyState, string>> = {
  Creating: 'creating',
  Enabled: 'enabled',
  Disabled: 'disabled',
  PendingDeletion: 'pending deletion',
  PendingImport: 'pending import',
  PendingReplicaDeletion: 'pending replica deletion',
  Unavailable: 'unavailable',
  Updating: 'updating',
};

/** The exact error AWS answers when `op` meets a key in `state`. */
export function stateError(op: KeyOperation, state: KeyState, arn: string): AwsError {
  if (op === 'CancelKeyDeletion') return new AwsError('KMSInvalidStateException', `${arn} is not pending deletion.`);
  if (state === 'Disabled') return new AwsError('DisabledException', `${arn} is disabled.`);
  return new AwsError('KMSInvalidStateException', `${arn} is ${STATE_WORDS[state]}.`);
}

export function assertState(op: KeyOperation, k: KeyRecord, arn: string, now: number): KeyState {
  const state = keyState(k, now);
  if (!STATE_TABLE[op].includes(state)) throw stateError(op, state, arn);
  return state;
}
