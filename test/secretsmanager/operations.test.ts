import { describe, expect, it } from 'vitest';
import { sweepSecretsManager } from '../../src/services/secretsmanager/index.js';
import { harness } from './harness.js';

const T = (n: number) => `${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-000000000000`;
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Secrets Manager operations (in-process, stand-in KMS)', () => {
  it('the console scenario: create, get by ARN and partial ARN, same name in another region', async () => {
    const h = await harness();
    const name = '2018-12-01_baseball-game-source';
    const key = '00112233445566778899aabbccddeeff';
    const created = await h.call<Any>('CreateSecret', { Name: name, SecretString: key, ClientRequestToken: T(1) });
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${h.account}:secret:${name}-[A-Za-z0-9]{6}$`));
    expect(created.VersionId).toBe(T(1));
    const byArn = await h.call<Any>('GetSecretValue', { SecretId: created.ARN });
    expect(byArn).toMatchObject({ ARN: created.ARN, Name: name, SecretString: key, VersionStages: ['AWSCURRENT'] });
    expect(byArn.CreatedDate).toBeInstanceOf(Date);
    const partial = await h.call<Any>('GetSecretValue', { SecretId: `arn:aws:secretsmanager:us-east-1:${h.account}:secret:${name}` });
    expect(partial.SecretString).toBe(key);
    const other = await h.call<Any>('CreateSecret', { Name: name, SecretString: key, ClientRequestToken: T(1) }, { region: 'eu-west-1' });
    expect(other.ARN).not.toBe(created.ARN);
    expect(other.ARN).toContain(':eu-west-1:');
    const described = await h.call<Any>('DescribeSecret', { SecretId: name });
    expect(described.KmsKeyId).toBeUndefined();
    expect(described.VersionIdsToStages).toEqual({ [T(1)]: ['AWSCURRENT'] });
    const versions = await h.call<Any>('ListSecretVersionIds', { SecretId: name });
    expect(versions.Versions[0].KmsKeyIds).toEqual(['DefaultEncryptionKey']);
  });

  it('answers single-secret calls while the catalog is being built, and the built listing has every change made meanwhile', async () => {
    const h = await harness();
    const a = await h.call<Any>('CreateSecret', { Name: 'warm/a', SecretString: 'a', ClientRequestToken: T(1) });
    await h.call('CreateSecret', { Name: 'warm/b', SecretString: 'b', ClientRequestToken: T(2) });
    await h.call('CreateSecret', { Name: 'warm/c', SecretString: 'c', ClientRequestToken: T(3) });
    // Enough others that building the catalog takes several pages (and turns of the event loop).
    for (let i = 0; i < 1200; i++) await h.call('CreateSecret', { Name: `bulk/${i}`, ClientRequestToken: T(100 + i) });
    // As after a restart: no catalog.
    h.app.bus.deliver('reset', '*');
    const [byName, byArn, partial, described, repeat, created] = await Promise.all([
      h.call<Any>('GetSecretValue', { SecretId: 'warm/a' }),
      h.call<Any>('GetSecretValue', { SecretId: a.ARN }),
      h.call<Any>('GetSecretValue', { SecretId: `arn:aws:secretsmanager:us-east-1:${h.account}:secret:warm/b` }),
      h.call<Any>('DescribeSecret', { SecretId: 'warm/c' }),
      h.call<Any>('CreateSecret', { Name: 'warm/a', SecretString: 'a', ClientRequestToken: T(1) }),
      h.call<Any>('CreateSecret', { Name: 'warm/d', SecretString: 'd', ClientRequestToken: T(4) }),
    ]);
    expect([byName.SecretString, byArn.SecretString, partial.SecretString]).toEqual(['a', 'a', 'b']);
    expect(described.Name).toBe('warm/c');
    expect(repeat).toEqual({ ARN: a.ARN, Name: 'warm/a', VersionId: T(1) });
    expect(created.Name).toBe('warm/d');
    expect((await h.fail('GetSecretValue', { SecretId: `${a.ARN.slice(0, -6)}zzzzzz` })).code).toBe('ResourceNotFoundException');
    h.app.bus.deliver('reset', '*');
    await h.call('DeleteSecret', { SecretId: 'warm/c', ForceDeleteWithoutRecovery: true });
    await h.call('TagResource', { SecretId: 'warm/b', Tags: [{ Key: 'k', Value: 'v' }] });
    const listed = await h.call<Any>('ListSecrets', { Filters: [{ Key: 'name', Values: ['warm/'] }] });
    expect(listed.SecretList.map((x: Any) => x.Name).sort()).toEqual(['warm/a', 'warm/b', 'warm/d']);
    expect(listed.SecretList.find((x: Any) => x.Name === 'warm/b').Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    expect((await h.call<Any>('ListSecrets', { Filters: [{ Key: 'name', Values: ['bulk/'] }], MaxResults: 100 })).SecretList).toHaveLength(100);
  });

  it('never stores a secret value in plaintext', async () => {
    const h = await harness();
    const marker = 'PLAINTEXT-MARKER-7f3a9c';
    await h.call('CreateSecret', { Name: 's', SecretString: marker, ClientRequestToken: T(1) });
    await h.call('PutSecretValue', { SecretId: 's', SecretBinary: Buffer.from(marker), ClientRequestToken: T(2) });
    const all = await h.backend.list('', { limit: 10_000 });
    for (const e of all.entries) {
      expect(Buffer.from(e.value).includes(marker)).toBe(false);
      expect(Buffer.from(e.value).includes(Buffer.from(marker).toString('base64'))).toBe(false);
    }
  });

  it('round-trips binary values byte for byte', async () => {
    const h = await harness();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await h.call('CreateSecret', { Name: 'bin', SecretBinary: bytes, ClientRequestToken: T(1) });
    const got = await h.call<Any>('GetSecretValue', { SecretId: 'bin' });
    expect(Buffer.compare(got.SecretBinary, bytes)).toBe(0);
    expect(got.SecretString).toBeUndefined();
  });

  it('value rules and idempotency', async () => {
    const h = await harness();
    expect((await h.fail('CreateSecret', { Name: 'x', SecretString: 'a', SecretBinary: Buffer.from('a'), ClientRequestToken: T(1) })).code).toBe(
      'InvalidParameterException',
    );
    expect((await h.fail('CreateSecret', { Name: 'bad name', ClientRequestToken: T(1) })).message).toBe(
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
    await h.call('CreateSecret', { Name: 'x', SecretString: 'a', ClientRequestToken: T(1) });
    expect(await h.call('CreateSecret', { Name: 'x', SecretString: 'a', ClientRequestToken: T(1) })).toMatchObject({ VersionId: T(1) });
    const exists = await h.fail('CreateSecret', { Name: 'x', SecretString: 'b', ClientRequestToken: T(1) });
    expect(exists.code).toBe('ResourceExistsException');
    const again = await h.fail('CreateSecret', { Name: 'x', SecretString: 'a', ClientRequestToken: T(9) });
    expect(again.message).toBe('The operation failed because the secret x already exists.');
    await h.call('PutSecretValue', { SecretId: 'x', SecretString: 'b', ClientRequestToken: T(2) });
    expect(await h.call('PutSecretValue', { SecretId: 'x', SecretString: 'b', ClientRequestToken: T(2) })).toMatchObject({
      VersionStages: ['AWSCURRENT'],
    });
    expect((await h.fail('PutSecretValue', { SecretId: 'x', SecretString: 'c', ClientRequestToken: T(2) })).code).toBe('ResourceExistsException');
    expect((await h.fail('PutSecretValue', { SecretId: 'x', ClientRequestToken: T(3) })).message).toBe(
      'You must provide either SecretString or SecretBinary.',
    );
    expect((await h.fail('GetSecretValue', { SecretId: 'nope' })).message).toBe("Secrets Manager can't find the specified secret.");
  });

  it('labels through PutSecretValue, GetSecretValue and UpdateSecretVersionStage', async () => {
    const h = await harness();
    await h.call('CreateSecret', { Name: 'l', SecretString: 'one', ClientRequestToken: T(1) });
    await h.call('PutSecretValue', { SecretId: 'l', SecretString: 'two', ClientRequestToken: T(2) });
    await h.call('PutSecretValue', { SecretId: 'l', SecretString: 'pending', ClientRequestToken: T(3), VersionStages: ['AWSPENDING'] });
    expect((await h.call<Any>('GetSecretValue', { SecretId: 'l' })).SecretString).toBe('two');
    expect((await h.call<Any>('GetSecretValue', { SecretId: 'l', VersionStage: 'AWSPREVIOUS' })).SecretString).toBe('one');
    expect((await h.fail('GetSecretValue', { SecretId: 'l', VersionId: T(1), VersionStage: 'AWSCURRENT' })).message).toBe(
      'You provided a VersionStage that is not associated to the provided VersionId.',
    );
    expect((await h.fail('GetSecretValue', { SecretId: 'l', VersionId: T(7) })).message).toBe(
      `Secrets Manager can't find the specified secret value for VersionId: ${T(7)}`,
    );
    expect((await h.fail('GetSecretValue', { SecretId: 'l', VersionStage: 'nope' })).message).toBe(
      "Secrets Manager can't find the specified secret value for staging label: nope",
    );
    await h.call('UpdateSecretVersionStage', { SecretId: 'l', VersionStage: 'AWSCURRENT', MoveToVersionId: T(3), RemoveFromVersionId: T(2) });
    const d = await h.call<Any>('DescribeSecret', { SecretId: 'l' });
    expect(d.VersionIdsToStages).toEqual({ [T(2)]: ['AWSPREVIOUS'], [T(3)]: ['AWSPENDING', 'AWSCURRENT'] });
    const all = await h.call<Any>('ListSecretVersionIds', { SecretId: 'l', IncludeDeprecated: true });
    const v1 = all.Versions.find((v: Any) => v.VersionId === T(1));
    expect(v1).toBeDefined();
    expect('VersionStages' in v1).toBe(false);
  });

  it('deletion, restore and purge', async () => {
    const h = await harness();
    await h.call('CreateSecret', { Name: 'd', SecretString: 'v', ClientRequestToken: T(1) });
    expect((await h.fail('DeleteSecret', { SecretId: 'd', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })).message).toBe(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
    const del = await h.call<Any>('DeleteSecret', { SecretId: 'd', RecoveryWindowInDays: 7 });
    expect(del.DeletionDate.getTime() - h.app.clock.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect((await h.fail('GetSecretValue', { SecretId: 'd' })).message).toBe(
      "You can't perform this operation on the secret because it was marked for deletion.",
    );
    expect((await h.fail('CreateSecret', { Name: 'd', SecretString: 'v', ClientRequestToken: T(2) })).message).toBe(
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'd' })).DeletedDate).toBeInstanceOf(Date);
    expect((await h.call<Any>('ListSecrets', {})).SecretList).toHaveLength(0);
    expect((await h.call<Any>('ListSecrets', { IncludePlannedDeletion: true })).SecretList).toHaveLength(1);
    await h.call('RestoreSecret', { SecretId: 'd' });
    expect((await h.call<Any>('GetSecretValue', { SecretId: 'd' })).SecretString).toBe('v');
    await h.call('DeleteSecret', { SecretId: 'd', RecoveryWindowInDays: 7 });
    h.app.clock.advance(6 * 86_400_000);
    await sweepSecretsManager(h.app, h.app.clock.now());
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'd' })).Name).toBe('d');
    h.app.clock.advance(2 * 86_400_000);
    await sweepSecretsManager(h.app, h.app.clock.now());
    expect((await h.fail('DescribeSecret', { SecretId: 'd' })).code).toBe('ResourceNotFoundException');
    const recreated = await h.call<Any>('CreateSecret', { Name: 'd', SecretString: 'v2', ClientRequestToken: T(3) });
    expect(recreated.ARN).toContain(':secret:d-');
    expect(await h.call('DeleteSecret', { SecretId: 'never-was', ForceDeleteWithoutRecovery: true })).toMatchObject({ Name: 'never-was' });
  });

  it('a disabled or deleted key makes reads fail as AWS does; a new key re-encrypts', async () => {
    const h = await harness();
    const key = h.kms.createKey('us-east-1', h.account, 'alias/mine');
    await h.call('CreateSecret', { Name: 'k', SecretString: 'v', KmsKeyId: 'alias/mine', ClientRequestToken: T(1) });
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'k' })).KmsKeyId).toBe('alias/mine');
    h.kms.keys.get(key)!.state = 'Disabled';
    const err = await h.fail('GetSecretValue', { SecretId: 'k' });
    expect(err.code).toBe('DecryptionFailure');
    expect(err.message).toContain(`Secrets Manager can't decrypt the secret value: ${key} is disabled.`);
    expect(err.message).toContain('Error Code: DisabledException');
    expect((await h.fail('PutSecretValue', { SecretId: 'k', SecretString: 'w', ClientRequestToken: T(2) })).code).toBe('EncryptionFailure');
    h.kms.keys.get(key)!.state = 'Enabled';
    await h.call('UpdateSecret', { SecretId: 'k', KmsKeyId: '' });
    h.kms.keys.get(key)!.state = 'PendingDeletion';
    expect((await h.call<Any>('GetSecretValue', { SecretId: 'k' })).SecretString).toBe('v');
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'k' })).KmsKeyId).toBeUndefined();
    expect((await h.fail('CreateSecret', { Name: 'k2', SecretString: 'v', KmsKeyId: 'alias/none', ClientRequestToken: T(1) })).code).toBe(
      'InvalidParameterException',
    );
  });

  it('ListSecrets filters, sorting and paging; BatchGetSecretValue', async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) {
      h.app.clock.advance(1000);
      await h.call('CreateSecret', { Name: `app/${i}`, SecretString: `v${i}`, ClientRequestToken: T(i), Tags: [{ Key: 'team', Value: i % 2 ? 'odd' : 'even' }] });
    }
    const names = (l: Any) => l.SecretList.map((s: Any) => s.Name);
    expect(names(await h.call<Any>('ListSecrets', { Filters: [{ Key: 'tag-value', Values: ['odd'] }] }))).toEqual(['app/1', 'app/3']);
    expect(names(await h.call<Any>('ListSecrets', { Filters: [{ Key: 'name', Values: ['!app/1'] }], SortOrder: 'desc' }))).toEqual([
      'app/4',
      'app/3',
      'app/2',
      'app/0',
    ]);
    const p1 = await h.call<Any>('ListSecrets', { MaxResults: 2 });
    expect(names(p1)).toEqual(['app/0', 'app/1']);
    const p2 = await h.call<Any>('ListSecrets', { MaxResults: 2, NextToken: p1.NextToken });
    expect(names(p2)).toEqual(['app/2', 'app/3']);
    const batch = await h.call<Any>('BatchGetSecretValue', { SecretIdList: ['app/0', 'missing'] });
    expect(batch.SecretValues.map((v: Any) => v.SecretString)).toEqual(['v0']);
    expect(batch.Errors).toEqual([{ SecretId: 'missing', ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }]);
    const byFilter = await h.call<Any>('BatchGetSecretValue', { Filters: [{ Key: 'tag-value', Values: ['even'] }] });
    expect(byFilter.SecretValues.map((v: Any) => v.SecretString)).toEqual(['v0', 'v2', 'v4']);
  });

  it('tags, resource policies, rotation configuration', async () => {
    const h = await harness();
    await h.call('CreateSecret', { Name: 'm', SecretString: 'v', ClientRequestToken: T(1) });
    await h.call('TagResource', { SecretId: 'm', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] });
    await h.call('UntagResource', { SecretId: 'm', TagKeys: ['a'] });
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'm' })).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    expect((await h.fail('PutResourcePolicy', { SecretId: 'm', ResourcePolicy: open, BlockPublicPolicy: true })).code).toBe('PublicPolicyException');
    expect((await h.fail('PutResourcePolicy', { SecretId: 'm', ResourcePolicy: '{' })).code).toBe('MalformedPolicyDocumentException');
    await h.call('PutResourcePolicy', { SecretId: 'm', ResourcePolicy: open });
    expect((await h.call<Any>('GetResourcePolicy', { SecretId: 'm' })).ResourcePolicy).toBe(open);
    expect((await h.call<Any>('ValidateResourcePolicy', { ResourcePolicy: open })).PolicyValidationPassed).toBe(false);
    await h.call('DeleteResourcePolicy', { SecretId: 'm' });
    expect((await h.call<Any>('GetResourcePolicy', { SecretId: 'm' })).ResourcePolicy).toBeUndefined();
    expect((await h.fail('RotateSecret', { SecretId: 'm', ClientRequestToken: T(2) })).message).toBe(
      'No Lambda rotation function ARN is associated with this secret.',
    );
    const lambda = `arn:aws:lambda:us-east-1:${h.account}:function:rot`;
    await h.call('RotateSecret', { SecretId: 'm', ClientRequestToken: T(2), RotationLambdaARN: lambda, RotationRules: { AutomaticallyAfterDays: 30 } });
    const d = await h.call<Any>('DescribeSecret', { SecretId: 'm' });
    expect(d).toMatchObject({ RotationEnabled: true, RotationLambdaARN: lambda, RotationRules: { AutomaticallyAfterDays: 30 } });
    expect(d.NextRotationDate).toBeInstanceOf(Date);
    await h.call('CancelRotateSecret', { SecretId: 'm' });
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'm' })).RotationEnabled).toBe(false);
  });

  it('replication: replica in another region, read-only, kept in sync, removable', async () => {
    const h = await harness();
    const c = await h.call<Any>('CreateSecret', {
      Name: 'r',
      SecretString: 'v1',
      ClientRequestToken: T(1),
      AddReplicaRegions: [{ Region: 'eu-west-1' }],
    });
    expect(c.ReplicationStatus).toEqual([{ Region: 'eu-west-1', KmsKeyId: 'alias/aws/secretsmanager', Status: 'InSync', StatusMessage: 'Replication succeeded' }]);
    const replicaArn = c.ARN.replace('us-east-1', 'eu-west-1');
    const eu = { region: 'eu-west-1' };
    expect((await h.call<Any>('GetSecretValue', { SecretId: replicaArn }, eu)).SecretString).toBe('v1');
    expect((await h.call<Any>('DescribeSecret', { SecretId: 'r' }, eu)).PrimaryRegion).toBe('us-east-1');
    expect((await h.fail('PutSecretValue', { SecretId: 'r', SecretString: 'x', ClientRequestToken: T(5) }, eu)).message).toBe(
      "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
    );
    await h.call('PutSecretValue', { SecretId: 'r', SecretString: 'v2', ClientRequestToken: T(2) });
    expect((await h.call<Any>('GetSecretValue', { SecretId: 'r' }, eu)).SecretString).toBe('v2');
    expect((await h.fail('DeleteSecret', { SecretId: 'r' })).code).toBe('InvalidParameterException');
    await h.call('RemoveRegionsFromReplication', { SecretId: 'r', RemoveReplicaRegions: ['eu-west-1'] });
    expect((await h.fail('DescribeSecret', { SecretId: 'r' }, eu)).code).toBe('ResourceNotFoundException');
  });
});
