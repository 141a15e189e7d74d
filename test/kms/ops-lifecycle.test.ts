import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateKeyResponse, DescribeKeyResponse, KeyMetadata, ListKeysResponse, ScheduleKeyDeletionResponse } from '../../src/generated/kms-types.js';
import { kmsHarness, type KmsHarness } from './harness.js';

let h: KmsHarness;
beforeEach(async () => {
  h = await kmsHarness();
});

const create = async (input: object = {}): Promise<KeyMetadata> => (await h.call<CreateKeyResponse>('CreateKey', input)).KeyMetadata!;
const describeKey = async (keyId: string): Promise<KeyMetadata> => (await h.call<DescribeKeyResponse>('DescribeKey', { KeyId: keyId })).KeyMetadata!;

describe('CreateKey and DescribeKey', () => {
  it('returns every KeyMetadata field AWS returns for a symmetric key', async () => {
    const md = await create({ Description: 'test key 123' });
    expect(Object.keys(md)).toEqual([
      'AWSAccountId',
      'KeyId',
      'Arn',
      'CreationDate',
      'Enabled',
      'Description',
      'KeyUsage',
      'KeyState',
      'Origin',
      'KeyManager',
      'CustomerMasterKeySpec',
      'KeySpec',
      'EncryptionAlgorithms',
      'MultiRegion',
      'CurrentKeyMaterialId',
    ]);
    expect(md).toMatchObject({
      AWSAccountId: h.account,
      Arn: `arn:aws:kms:us-east-1:${h.account}:key/${md.KeyId}`,
      Enabled: true,
      Description: 'test key 123',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(md.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(md.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(md.CreationDate).toBeInstanceOf(Date);
    expect(await describeKey(md.KeyId)).toEqual(md);
  });

  it('takes the deprecated CustomerMasterKeySpec', async () => {
    const md = await create({ CustomerMasterKeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(md).toMatchObject({ KeySpec: 'HMAC_256', CustomerMasterKeySpec: 'HMAC_256', MacAlgorithms: ['HMAC_SHA_256'] });
    expect(md.EncryptionAlgorithms).toBeUndefined();
    const err = await h.fail('CreateKey', { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' });
    expect(err.code).toBe('ValidationException');
  });

  it('creates Ed25519 keys without a CustomerMasterKeySpec (that enum has none)', async () => {
    const md = await create({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' });
    expect(md.CustomerMasterKeySpec).toBeUndefined();
    expect(md.SigningAlgorithms).toEqual(['ED25519_SHA_512', 'ED25519_PH_SHA_512']);
  });

  it('creates multi-Region keys with mrk- ids', async () => {
    const md = await create({ MultiRegion: true });
    expect(md.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(md.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: md.Arn, Region: 'us-east-1' },
      ReplicaKeys: [],
    });
  });

  it('refuses what AWS refuses', async () => {
    expect(await h.fail('CreateKey', { KeySpec: 'RSA_2048' })).toMatchObject({
      code: 'ValidationException',
      message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    });
    expect(await h.fail('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })).toMatchObject({
      code: 'UnsupportedOperationException',
      message: 'KeySpec SM2 is not supported in this Region',
    });
    expect((await h.fail('CreateKey', { KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' })).code).toBe('UnsupportedOperationException');
    expect((await h.fail('CreateKey', { CustomKeyStoreId: 'cks-1234567890abcdef0' })).code).toBe('CustomKeyStoreNotFoundException');
    expect((await h.fail('CreateKey', { Policy: 'not json' })).code).toBe('MalformedPolicyDocumentException');
  });

  it('refuses a policy that locks the caller out, unless told to bypass the check', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'kms:*', Resource: '*' }],
    });
    expect(await h.fail('CreateKey', { Policy: policy })).toMatchObject({
      code: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
    });
    const md = await create({ Policy: policy, BypassPolicyLockoutSafetyCheck: true });
    expect((await h.call<{ Policy: string }>('GetKeyPolicy', { KeyId: md.KeyId })).Policy).toBe(policy);
  });

  it('answers unknown keys with AWS texts', async () => {
    expect(await h.fail('DescribeKey', { KeyId: 'fake-key-id' })).toMatchObject({ code: 'NotFoundException', message: "Invalid keyId 'fake-key-id'" });
    const id = '11111111-2222-4333-8444-555555555555';
    expect(await h.fail('DescribeKey', { KeyId: id })).toMatchObject({
      code: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-east-1:${h.account}:key/${id}' does not exist`,
    });
    expect(await h.fail('DescribeKey', { KeyId: 'alias/nope' })).toMatchObject({
      code: 'NotFoundException',
      message: `Alias arn:aws:kms:us-east-1:${h.account}:alias/nope is not found.`,
    });
    const md = await create();
    expect(await h.fail('DescribeKey', { KeyId: md.Arn }, { region: 'eu-west-1' })).toMatchObject({ code: 'NotFoundException', message: 'Invalid arn us-east-1' });
    expect((await h.fail('DescribeKey', { KeyId: md.KeyId }, { region: 'eu-west-1' })).message).toBe(
      `Key 'arn:aws:kms:eu-west-1:${h.account}:key/${md.KeyId}' does not exist`,
    );
  });

  it('pages ListKeys', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await create()).KeyId);
    const first = await h.call<ListKeysResponse>('ListKeys', { Limit: 2 });
    expect(first).toMatchObject({ Truncated: true });
    expect(first.Keys).toHaveLength(2);
    const seen = [...first.Keys!];
    let marker = first.NextMarker;
    while (marker) {
      const next = await h.call<ListKeysResponse>('ListKeys', { Limit: 2, Marker: marker });
      seen.push(...next.Keys!);
      marker = next.NextMarker;
      if (!marker) expect(next.Truncated).toBe(false);
    }
    expect(new Set(seen.map((k) => k.KeyId))).toEqual(ids);
    expect(seen[0]!.KeyArn).toBe(`arn:aws:kms:us-east-1:${h.account}:key/${seen[0]!.KeyId}`);
  });
});

describe('enable, disable, delete', () => {
  it('disables and enables; crypto on a disabled key says so', async () => {
    const md = await create();
    await h.call('DisableKey', { KeyId: md.KeyId });
    expect(await describeKey(md.KeyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(await h.fail('Encrypt', { KeyId: md.KeyId, Plaintext: Buffer.from('x') })).toMatchObject({
      code: 'DisabledException',
      message: `${md.Arn} is disabled.`,
    });
    await h.call('EnableKey', { KeyId: md.Arn });
    expect((await describeKey(md.KeyId)).KeyState).toBe('Enabled');
  });

  it('takes key id or ARN only where AWS does', async () => {
    const md = await create();
    await h.call('CreateAlias', { AliasName: 'alias/only-ids', TargetKeyId: md.KeyId });
    expect(await h.fail('DisableKey', { KeyId: 'alias/only-ids' })).toMatchObject({ code: 'NotFoundException', message: "Invalid keyId 'alias/only-ids'" });
    expect((await h.fail('ScheduleKeyDeletion', { KeyId: `arn:aws:kms:us-east-1:${h.account}:alias/only-ids` })).code).toBe('NotFoundException');
  });

  it('schedules deletion (7-30 days, default 30) and cancels it to Disabled', async () => {
    const md = await create();
    expect(await h.fail('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 6 })).toMatchObject({
      code: 'ValidationException',
      message: 'PendingWindowInDays should be between 7 and 30, but it is 6',
    });
    const before = h.clock.now();
    const out = await h.call<ScheduleKeyDeletionResponse>('ScheduleKeyDeletion', { KeyId: md.KeyId });
    const after = h.clock.now();
    expect(out).toMatchObject({ KeyId: md.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 30 });
    const window = out.DeletionDate!.getTime() - 30 * 86_400_000;
    expect(window >= before && window <= after).toBe(true);
    const described = await describeKey(md.KeyId);
    expect(described).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    expect(described.DeletionDate).toEqual(out.DeletionDate);
    for (const [op, input] of [
      ['Encrypt', { KeyId: md.KeyId, Plaintext: Buffer.from('x') }],
      ['EnableKey', { KeyId: md.KeyId }],
      ['DisableKey', { KeyId: md.KeyId }],
      ['UpdateKeyDescription', { KeyId: md.KeyId, Description: 'd' }],
      ['TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }],
      ['ScheduleKeyDeletion', { KeyId: md.KeyId }],
      ['CreateAlias', { AliasName: 'alias/late', TargetKeyId: md.KeyId }],
    ] as const) {
      expect(await h.fail(op, input)).toMatchObject({ code: 'KMSInvalidStateException', message: `${md.Arn} is pending deletion.` });
    }
    await h.call('GetKeyPolicy', { KeyId: md.KeyId });
    expect(await h.call('CancelKeyDeletion', { KeyId: md.KeyId })).toEqual({ KeyId: md.Arn });
    expect(await describeKey(md.KeyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(await h.fail('CancelKeyDeletion', { KeyId: md.KeyId })).toMatchObject({
      code: 'KMSInvalidStateException',
      message: `${md.Arn} is not pending deletion.`,
    });
  });

  it('deletes the key and its aliases when the window has passed', async () => {
    const md = await create();
    await h.call('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: md.KeyId });
    await h.call('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 7 });
    await h.advanceDays(6);
    expect((await describeKey(md.KeyId)).KeyState).toBe('PendingDeletion');
    await h.advanceDays(1);
    expect((await h.fail('DescribeKey', { KeyId: md.KeyId })).message).toBe(`Key '${md.Arn}' does not exist`);
    expect((await h.fail('DescribeKey', { KeyId: 'alias/doomed' })).message).toMatch(/alias\/doomed is not found\.$/);
    const keys = await h.call<ListKeysResponse>('ListKeys', {});
    expect(keys.Keys!.map((k) => k.KeyId)).not.toContain(md.KeyId);
    // Nothing of the key is left in storage.
    const left = await h.backend.list(`kms/${h.account}/us-east-1/`);
    expect(left.entries.map((e) => e.key).filter((k) => k.includes(md.KeyId!) || k.endsWith('alias/doomed'))).toEqual([]);
  });

  it('treats a key past its date as gone even before the sweeper runs', async () => {
    const md = await create();
    await h.call('ScheduleKeyDeletion', { KeyId: md.KeyId, PendingWindowInDays: 7 });
    h.clock.advance(7 * 86_400_000);
    expect((await h.fail('DescribeKey', { KeyId: md.KeyId })).code).toBe('NotFoundException');
  });

  it('updates descriptions and tags', async () => {
    const md = await create();
    await h.call('UpdateKeyDescription', { KeyId: md.KeyId, Description: 'new' });
    expect((await describeKey(md.KeyId)).Description).toBe('new');
    await h.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'b', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }] });
    await h.call('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'b', TagValue: '3' }] });
    expect(await h.call('ListResourceTags', { KeyId: md.KeyId })).toEqual({
      Tags: [
        { TagKey: 'a', TagValue: '2' },
        { TagKey: 'b', TagValue: '3' },
      ],
      Truncated: false,
    });
    await h.call('UntagResource', { KeyId: md.KeyId, TagKeys: ['a', 'missing'] });
    expect(await h.call('ListResourceTags', { KeyId: md.KeyId })).toEqual({ Tags: [{ TagKey: 'b', TagValue: '3' }], Truncated: false });
    expect((await h.fail('TagResource', { KeyId: md.KeyId, Tags: [{ TagKey: 'aws:x', TagValue: '' }] })).code).toBe('TagException');
  });

  it('has one policy, default, and keeps the text as put', async () => {
    const md = await create();
    expect(await h.call('ListKeyPolicies', { KeyId: md.KeyId })).toEqual({ PolicyNames: ['default'], Truncated: false });
    const policy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${h.account}:root"},"Action":"kms:*","Resource":"*"}]}`;
    await h.call('PutKeyPolicy', { KeyId: md.KeyId, Policy: policy });
    expect(await h.call('GetKeyPolicy', { KeyId: md.KeyId })).toEqual({ Policy: policy, PolicyName: 'default' });
    expect((await h.fail('PutKeyPolicy', { KeyId: md.KeyId, Policy: '{"Statement":' })).code).toBe('MalformedPolicyDocumentException');
    expect((await h.fail('GetKeyPolicy', { KeyId: md.KeyId, PolicyName: 'other' })).code).toBe('NotFoundException');
  });

  it('tracks the last cryptographic use (GetKeyLastUsage), also after the sweeper wrote it', async () => {
    const md = await create();
    const before = await h.call<Record<string, unknown>>('GetKeyLastUsage', { KeyId: md.KeyId });
    expect(before.KeyLastUsage).toBeUndefined();
    expect(before).toMatchObject({ KeyId: md.Arn, KeyCreationDate: md.CreationDate });
    await h.call('Encrypt', { KeyId: md.KeyId, Plaintext: Buffer.from('x') });
    const after = await h.call<{ KeyLastUsage: { Operation: string; Timestamp: Date } }>('GetKeyLastUsage', { KeyId: md.KeyId });
    expect(after.KeyLastUsage.Operation).toBe('Encrypt');
    await h.advanceDays(1);
    const persisted = await h.call<{ KeyLastUsage: { Operation: string; Timestamp: Date } }>('GetKeyLastUsage', { KeyId: md.KeyId });
    expect(persisted.KeyLastUsage).toEqual(after.KeyLastUsage);
  });
});
