import { beforeEach, describe, expect, it } from 'vitest';
import type { CreateGrantResponse, CreateKeyResponse, KeyMetadata, ListAliasesResponse, ListGrantsResponse } from '../../src/generated/kms-types.js';
import { kmsHarness, type KmsHarness } from './harness.js';

let h: KmsHarness;
let key: KeyMetadata;
const create = async (input: object = {}): Promise<KeyMetadata> => (await h.call<CreateKeyResponse>('CreateKey', input)).KeyMetadata!;

beforeEach(async () => {
  h = await kmsHarness();
  key = await create();
});

const PREFIX = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

describe('aliases', () => {
  it('creates, lists, updates and deletes', async () => {
    const key2 = await create();
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.Arn });
    const aliasArn = `arn:aws:kms:us-east-1:${h.account}:alias/app`;
    expect(await h.fail('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.KeyId })).toMatchObject({
      code: 'AlreadyExistsException',
      message: `An alias with the name ${aliasArn} already exists`,
    });
    const listed = await h.call<ListAliasesResponse>('ListAliases', { KeyId: key.KeyId });
    expect(listed.Aliases).toHaveLength(1);
    expect(listed.Aliases![0]).toMatchObject({ AliasName: 'alias/app', AliasArn: aliasArn, TargetKeyId: key.KeyId });
    expect(listed.Truncated).toBe(false);
    await h.call('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: key2.KeyId });
    expect((await h.call<{ KeyMetadata: KeyMetadata }>('DescribeKey', { KeyId: 'alias/app' })).KeyMetadata.KeyId).toBe(key2.KeyId);
    expect((await h.call<ListAliasesResponse>('ListAliases', { KeyId: key.KeyId })).Aliases).toEqual([]);
    await h.call('DeleteAlias', { AliasName: 'alias/app' });
    expect(await h.fail('DeleteAlias', { AliasName: 'alias/app' })).toMatchObject({ code: 'NotFoundException', message: `Alias ${aliasArn} is not found.` });
    expect((await h.fail('UpdateAlias', { AliasName: 'alias/app', TargetKeyId: key.KeyId })).message).toBe(`Alias ${aliasArn} is not found.`);
  });

  it('refuses names without the prefix and AWS\'s own namespace', async () => {
    expect(await h.fail('CreateAlias', { AliasName: 'app', TargetKeyId: key.KeyId })).toMatchObject({ code: 'ValidationException', message: PREFIX });
    expect((await h.fail('CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: key.KeyId })).code).toBe('NotAuthorizedException');
    expect((await h.fail('DeleteAlias', { AliasName: 'alias/aws/secretsmanager' })).code).toBe('NotAuthorizedException');
    expect((await h.fail('CreateAlias', { AliasName: 'alias/x', TargetKeyId: 'alias/other' })).message).toBe("Invalid keyId 'alias/other'");
  });

  it('lists AWS\'s predefined aliases with no target until they are used', async () => {
    const all = await h.call<ListAliasesResponse>('ListAliases', { Limit: 1000 });
    expect(all.Aliases!.find((a) => a.AliasName === 'alias/aws/secretsmanager')).toEqual({
      AliasName: 'alias/aws/secretsmanager',
      AliasArn: `arn:aws:kms:us-east-1:${h.account}:alias/aws/secretsmanager`,
    });
  });

  it('pages ListAliases', async () => {
    for (const n of ['a', 'b', 'c']) await h.call('CreateAlias', { AliasName: `alias/${n}`, TargetKeyId: key.KeyId });
    const p1 = await h.call<ListAliasesResponse>('ListAliases', { KeyId: key.KeyId, Limit: 2 });
    expect(p1.Aliases!.map((a) => a.AliasName)).toEqual(['alias/a', 'alias/b']);
    expect(p1.Truncated).toBe(true);
    const p2 = await h.call<ListAliasesResponse>('ListAliases', { KeyId: key.KeyId, Limit: 2, Marker: p1.NextMarker });
    expect(p2.Aliases!.map((a) => a.AliasName)).toEqual(['alias/c']);
    expect(p2.Truncated).toBe(false);
  });

  it('does not move an alias between key types', async () => {
    const rsa = await create({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await h.call('CreateAlias', { AliasName: 'alias/t', TargetKeyId: key.KeyId });
    expect((await h.fail('UpdateAlias', { AliasName: 'alias/t', TargetKeyId: rsa.KeyId })).code).toBe('ValidationException');
  });
});

describe('grants', () => {
  const grantee = 'arn:aws:iam::123456789012:role/app';
  const retiree = 'arn:aws:iam::123456789012:role/ops';

  it('stores grants with constraints and tokens, lists, retires and revokes them', async () => {
    const g = await h.call<CreateGrantResponse>('CreateGrant', {
      KeyId: key.KeyId,
      GranteePrincipal: grantee,
      RetiringPrincipal: retiree,
      Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { app: 'x' } },
      Name: 'g1',
    });
    expect(g.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(g.GrantToken!.length).toBeGreaterThan(40);
    const again = await h.call<CreateGrantResponse>('CreateGrant', { KeyId: key.KeyId, GranteePrincipal: grantee, Operations: ['Encrypt'], Name: 'g1' });
    expect(again.GrantId).toBe(g.GrantId);
    expect(again.GrantToken).not.toBe(g.GrantToken);

    const list = await h.call<ListGrantsResponse>('ListGrants', { KeyId: key.Arn });
    expect(list.Grants).toHaveLength(1);
    expect(list.Grants![0]).toMatchObject({
      KeyId: key.Arn,
      GrantId: g.GrantId,
      Name: 'g1',
      GranteePrincipal: grantee,
      RetiringPrincipal: retiree,
      IssuingAccount: `arn:aws:iam::${h.account}:root`,
      Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { app: 'x' } },
    });
    expect((await h.call<ListGrantsResponse>('ListRetirableGrants', { RetiringPrincipal: retiree })).Grants).toHaveLength(1);
    expect((await h.call<ListGrantsResponse>('ListGrants', { KeyId: key.KeyId, GranteePrincipal: 'arn:aws:iam::123456789012:role/none' })).Grants).toEqual([]);

    expect((await h.fail('RetireGrant', { GrantToken: `${g.GrantToken!.split('.')[0]}.forged` })).code).toBe('InvalidGrantTokenException');
    await h.call('RetireGrant', { GrantToken: g.GrantToken });
    expect((await h.call<ListGrantsResponse>('ListGrants', { KeyId: key.KeyId })).Grants).toEqual([]);

    const g2 = await h.call<CreateGrantResponse>('CreateGrant', { KeyId: key.KeyId, GranteePrincipal: grantee, Operations: ['GenerateDataKey'] });
    await h.call('RevokeGrant', { KeyId: key.KeyId, GrantId: g2.GrantId });
    expect((await h.fail('RevokeGrant', { KeyId: key.KeyId, GrantId: g2.GrantId })).code).toBe('NotFoundException');
    expect((await h.fail('RevokeGrant', { KeyId: key.KeyId, GrantId: 'nonsense' })).code).toBe('InvalidGrantIdException');
    expect(await h.fail('RetireGrant', {})).toMatchObject({ code: 'ValidationException', message: 'Grant token OR (grant ID, key ID) must be specified' });
  });

  it('refuses grants on a disabled key, and with aliases', async () => {
    await h.call('DisableKey', { KeyId: key.KeyId });
    expect(await h.fail('CreateGrant', { KeyId: key.KeyId, GranteePrincipal: grantee, Operations: ['Encrypt'] })).toMatchObject({
      code: 'DisabledException',
      message: `${key.Arn} is disabled.`,
    });
    await h.call('EnableKey', { KeyId: key.KeyId });
    await h.call('CreateAlias', { AliasName: 'alias/g', TargetKeyId: key.KeyId });
    expect((await h.fail('CreateGrant', { KeyId: 'alias/g', GranteePrincipal: grantee, Operations: ['Encrypt'] })).code).toBe('NotFoundException');
  });
});
