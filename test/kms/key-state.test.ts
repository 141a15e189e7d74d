import { describe, expect, it } from 'vitest';
import type { KeyRecord, KeyState } from '../../src/services/kms/key.js';
import { assertState, hasUsableMaterial, isDeleted, keyState, STATE_TABLE, stateError, type KeyOperation } from '../../src/services/kms/key-state.js';

const ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555';

function key(over: Partial<KeyRecord> = {}): KeyRecord {
  return {
    v: 1,
    keyId: '11111111-2222-4333-8444-555555555555',
    account: '123456789012',
    region: 'us-east-1',
    createdAt: 0,
    description: '',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'CUSTOMER',
    disabled: false,
    policy: '{}',
    tags: [],
    rotation: { enabled: false },
    materials: [{ id: 'a'.repeat(64), secret: 'AAAA', createdAt: 0 }],
    currentMaterialId: 'a'.repeat(64),
    ...over,
  };
}

describe('key state derivation', () => {
  it('follows the switch, a scheduled deletion and the material', () => {
    expect(keyState(key(), 0)).toBe('Enabled');
    expect(keyState(key({ disabled: true }), 0)).toBe('Disabled');
    expect(keyState(key({ deletion: { date: 10, windowDays: 7 } }), 0)).toBe('PendingDeletion');
    expect(keyState(key({ deletion: { date: 0, windowDays: 7, waitingForReplicas: true } }), 0)).toBe('PendingReplicaDeletion');
    expect(keyState(key({ origin: 'EXTERNAL', materials: [], currentMaterialId: undefined }), 0)).toBe('PendingImport');
    expect(keyState(key({ origin: 'EXTERNAL', disabled: true, materials: [], currentMaterialId: undefined }), 0)).toBe('PendingImport');
    expect(keyState(key({ creatingUntil: 5 }), 0)).toBe('Creating');
    expect(keyState(key({ creatingUntil: 5 }), 5)).toBe('Enabled');
  });

  it('lets imported material expire the moment ValidTo passes', () => {
    const k = key({
      origin: 'EXTERNAL',
      materials: [{ id: 'a'.repeat(64), secret: 'AAAA', createdAt: 0, imported: { expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: 100 } }],
    });
    expect(hasUsableMaterial(k, 99)).toBe(true);
    expect(keyState(k, 99)).toBe('Enabled');
    expect(keyState(k, 100)).toBe('PendingImport');
  });

  it('considers a key gone once its deletion date has passed', () => {
    const k = key({ deletion: { date: 100, windowDays: 7 } });
    expect(isDeleted(k, 99)).toBe(false);
    expect(isDeleted(k, 100)).toBe(true);
    expect(isDeleted(key({ deletion: { date: 0, windowDays: 7, waitingForReplicas: true } }), 1e15)).toBe(false);
  });
});

describe('the key-state table', () => {
  const crypto: KeyOperation[] = [
    'Encrypt',
    'Decrypt',
    'ReEncrypt',
    'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateMac',
    'VerifyMac',
    'Sign',
    'Verify',
    'DeriveSharedSecret',
    'CreateGrant',
  ];

  it.each(crypto)('%s needs an Enabled key, with AWS messages for the others', (op) => {
    expect(STATE_TABLE[op]).toEqual(['Enabled']);
    expect(stateError(op, 'Disabled', ARN)).toMatchObject({ code: 'DisabledException', message: `${ARN} is disabled.` });
    expect(stateError(op, 'PendingDeletion', ARN)).toMatchObject({ code: 'KMSInvalidStateException', message: `${ARN} is pending deletion.` });
    expect(stateError(op, 'PendingImport', ARN)).toMatchObject({ code: 'KMSInvalidStateException', message: `${ARN} is pending import.` });
    expect(stateError(op, 'PendingReplicaDeletion', ARN)).toMatchObject({ code: 'KMSInvalidStateException', message: `${ARN} is pending replica deletion.` });
    expect(stateError(op, 'Unavailable', ARN).message).toBe(`${ARN} is unavailable.`);
  });

  it('answers reads in every state', () => {
    const all: KeyState[] = ['Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Updating'];
    for (const op of ['DescribeKey', 'GetKeyPolicy', 'PutKeyPolicy', 'ListGrants', 'ListKeyPolicies', 'ListResourceTags', 'RetireGrant', 'RevokeGrant'] as const) {
      expect([...STATE_TABLE[op]].sort()).toEqual([...all].sort());
    }
  });

  it('refuses management of a key pending deletion', () => {
    for (const op of ['EnableKey', 'DisableKey', 'CreateAlias', 'TagResource', 'UntagResource', 'UpdateKeyDescription', 'ScheduleKeyDeletion', 'UpdateAlias'] as const) {
      expect(() => assertState(op, key({ deletion: { date: 10, windowDays: 7 } }), ARN, 0)).toThrow(`${ARN} is pending deletion.`);
    }
    for (const op of ['EnableKey', 'DisableKey', 'CreateAlias', 'TagResource', 'UntagResource', 'UpdateKeyDescription', 'ScheduleKeyDeletion'] as const) {
      expect(() => assertState(op, key({ disabled: true }), ARN, 0)).not.toThrow();
    }
  });

  it('lets CancelKeyDeletion act only on a key pending deletion', () => {
    expect(() => assertState('CancelKeyDeletion', key(), ARN, 0)).toThrow(`${ARN} is not pending deletion.`);
    expect(() => assertState('CancelKeyDeletion', key({ disabled: true }), ARN, 0)).toThrow(`${ARN} is not pending deletion.`);
    expect(() => assertState('CancelKeyDeletion', key({ deletion: { date: 10, windowDays: 7 } }), ARN, 0)).not.toThrow();
  });

  it('keeps key rotation to enabled keys', () => {
    expect(() => assertState('EnableKeyRotation', key({ disabled: true }), ARN, 0)).toThrow(`${ARN} is disabled.`);
    expect(() => assertState('RotateKeyOnDemand', key({ disabled: true }), ARN, 0)).toThrow(`${ARN} is disabled.`);
  });

  it('takes key material only outside a pending deletion', () => {
    const pending = key({ origin: 'EXTERNAL', materials: [], currentMaterialId: undefined });
    for (const op of ['GetParametersForImport', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial', 'ScheduleKeyDeletion'] as const) {
      expect(() => assertState(op, pending, ARN, 0)).not.toThrow();
    }
    expect(() => assertState('EnableKey', pending, ARN, 0)).toThrow(`${ARN} is pending import.`);
    expect(() => assertState('Encrypt', pending, ARN, 0)).toThrow(`${ARN} is pending import.`);
  });
});
