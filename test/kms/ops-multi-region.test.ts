import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateKeyResponse, DecryptResponse, EncryptResponse, KeyMetadata, ReplicateKeyResponse } from '../../src/generated/kms-types.js';
import { kmsHarness, type KmsHarness } from './harness.js';

let h: KmsHarness;
const EU = 'eu-west-1';
const AP = 'ap-southeast-1';
const describeIn = async (id: string, region: string): Promise<KeyMetadata> =>
  (await h.call<{ KeyMetadata: KeyMetadata }>('DescribeKey', { KeyId: id }, { region })).KeyMetadata;

beforeEach(async () => {
  h = await kmsHarness();
});

describe('multi-Region keys', () => {
  it('replicates into another region with the same id and material', async () => {
    const p = (await h.call<CreateKeyResponse>('CreateKey', { MultiRegion: true, Description: 'mr' })).KeyMetadata!;
    const out = await h.call<ReplicateKeyResponse>('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: EU, Description: 'replica' });
    const replicaArn = `arn:aws:kms:${EU}:${h.account}:key/${p.KeyId}`;
    expect(out.ReplicaKeyMetadata).toMatchObject({
      Arn: replicaArn,
      KeyId: p.KeyId,
      KeyState: 'Creating',
      Enabled: false,
      Description: 'replica',
      MultiRegion: true,
      MultiRegionConfiguration: {
        MultiRegionKeyType: 'REPLICA',
        PrimaryKey: { Arn: p.Arn, Region: 'us-east-1' },
        ReplicaKeys: [{ Arn: replicaArn, Region: EU }],
      },
    });
    expect(JSON.parse(out.ReplicaPolicy!)).toMatchObject({ Id: 'key-default-1' });
    expect((await describeIn(p.KeyId, 'us-east-1')).MultiRegionConfiguration!.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: EU }]);
    expect((await describeIn(p.KeyId, EU)).KeyState).toBe('Enabled');

    const enc = await h.call<EncryptResponse>('Encrypt', { KeyId: p.KeyId, Plaintext: Buffer.from('anywhere') });
    const dec = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: enc.CiphertextBlob }, { region: EU });
    expect(dec.KeyId).toBe(replicaArn);
    expect(dec.Plaintext!.toString()).toBe('anywhere');

    expect((await h.fail('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: EU })).code).toBe('AlreadyExistsException');
    expect((await h.fail('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: AP }, { region: EU })).message).toBe(`${replicaArn} is not a multi-Region primary key.`);
    const single = (await h.call<CreateKeyResponse>('CreateKey', {})).KeyMetadata!;
    expect((await h.fail('ReplicateKey', { KeyId: single.KeyId, ReplicaRegion: EU })).code).toBe('UnsupportedOperationException');
  });

  it('rotation of the primary reaches the replicas', async () => {
    const p = (await h.call<CreateKeyResponse>('CreateKey', { MultiRegion: true })).KeyMetadata!;
    await h.call('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: EU });
    await h.call('RotateKeyOnDemand', { KeyId: p.KeyId });
    const primary = await describeIn(p.KeyId, 'us-east-1');
    expect((await describeIn(p.KeyId, EU)).CurrentKeyMaterialId).toBe(primary.CurrentKeyMaterialId);
    expect((await h.fail('RotateKeyOnDemand', { KeyId: p.KeyId }, { region: EU })).code).toBe('UnsupportedOperationException');
  });

  it('moves the primary region', async () => {
    const p = (await h.call<CreateKeyResponse>('CreateKey', { MultiRegion: true })).KeyMetadata!;
    await h.call('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: EU });
    await h.call('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: AP });
    await h.call('UpdatePrimaryRegion', { KeyId: p.KeyId, PrimaryRegion: EU });
    const eu = await describeIn(p.KeyId, EU);
    expect(eu.MultiRegionConfiguration).toMatchObject({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Region: EU } });
    expect(eu.MultiRegionConfiguration!.ReplicaKeys!.map((r) => r.Region)).toEqual(['us-east-1', AP]);
    expect((await describeIn(p.KeyId, 'us-east-1')).MultiRegionConfiguration!.MultiRegionKeyType).toBe('REPLICA');
    expect((await describeIn(p.KeyId, AP)).MultiRegionConfiguration!.PrimaryKey!.Region).toBe(EU);
  });

  it('deletes a primary only after its replicas', async () => {
    const p = (await h.call<CreateKeyResponse>('CreateKey', { MultiRegion: true })).KeyMetadata!;
    await h.call('ReplicateKey', { KeyId: p.KeyId, ReplicaRegion: EU });
    const out = await h.call<Record<string, unknown>>('ScheduleKeyDeletion', { KeyId: p.KeyId, PendingWindowInDays: 7 });
    expect(out).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 });
    expect(out.DeletionDate).toBeUndefined();
    expect(await describeIn(p.KeyId, 'us-east-1')).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingDeletionWindowInDays: 7 });
    await h.advanceDays(30);
    expect((await describeIn(p.KeyId, 'us-east-1')).KeyState).toBe('PendingReplicaDeletion');
    await h.call('ScheduleKeyDeletion', { KeyId: p.KeyId, PendingWindowInDays: 7 }, { region: EU });
    await h.advanceDays(7);
    expect((await h.fail('DescribeKey', { KeyId: p.KeyId }, { region: EU })).code).toBe('NotFoundException');
    const primary = await describeIn(p.KeyId, 'us-east-1');
    expect(primary.KeyState).toBe('PendingDeletion');
    expect(primary.MultiRegionConfiguration!.ReplicaKeys).toEqual([]);
    await h.advanceDays(7);
    expect((await h.fail('DescribeKey', { KeyId: p.KeyId })).code).toBe('NotFoundException');
  });
});
