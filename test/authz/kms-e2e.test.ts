import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ReEncryptCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { allow, brief, deny, failure, kms, newUser, noIdentityAllow, noResourceAllow, notAuthorized, policy } from './clients.js';

describe('authorization of KMS calls: key policies and grants (secure mode, real clients)', () => {
  let server: TestServer;
  const newKey = async (keyPolicy?: string): Promise<string> =>
    (await kms(server).send(new CreateKeyCommand(keyPolicy ? { Policy: keyPolicy, BypassPolicyLockoutSafetyCheck: true } : {}))).KeyMetadata!.Arn!;
  const seal = async (keyArn: string, context?: Record<string, string>): Promise<Uint8Array> =>
    (await kms(server).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('hello'), EncryptionContext: context }))).CiphertextBlob!;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('IAM policies count only where the key policy delegates to the account', async () => {
    const keyAdmin = await newUser(server, 'key-admin');
    // This key policy names one user and does not delegate to the account.
    const closed = await newKey(policy({ Effect: 'Allow', Principal: { AWS: keyAdmin.arn }, Action: 'kms:*', Resource: '*' }));
    const delegating = await newKey();
    const kim = await newUser(server, 'kim', policy(allow('kms:*')));
    const refused = await failure(kms(server, kim.creds).send(new EncryptCommand({ KeyId: closed, Plaintext: Buffer.from('x') })));
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(kim.arn, 'kms:Encrypt', closed, noResourceAllow('kms:Encrypt'))]);
    const ok = await kms(server, kim.creds).send(new EncryptCommand({ KeyId: delegating, Plaintext: Buffer.from('x') }));
    expect(ok.KeyId).toBe(delegating);
    // The user the key policy names needs no IAM policy at all.
    expect((await kms(server, keyAdmin.creds).send(new DescribeKeyCommand({ KeyId: closed }))).KeyMetadata!.Arn).toBe(closed);
    // Nor does the account root get in where the key policy leaves it out.
    const root = await failure(kms(server).send(new EncryptCommand({ KeyId: closed, Plaintext: Buffer.from('x') })));
    expect(root.message).toBe(notAuthorized(`arn:aws:iam::${server.account}:root`, 'kms:Encrypt', closed, noResourceAllow('kms:Encrypt')));
    // A delegating key and no IAM policy: refused for want of an identity-based policy.
    const lee = await newUser(server, 'lee');
    const none = await failure(kms(server, lee.creds).send(new EncryptCommand({ KeyId: delegating, Plaintext: Buffer.from('x') })));
    expect(none.message).toBe(notAuthorized(lee.arn, 'kms:Encrypt', delegating, noIdentityAllow('kms:Encrypt')));
  });

  it('a grant lets its grantee Decrypt with the encryption context it names, and not with another', async () => {
    const key = await newKey();
    const mia = await newUser(server, 'mia');
    const good = await seal(key, { purpose: 'build', project: 'p1' });
    const other = await seal(key, { purpose: 'deploy' });
    const { GrantToken, GrantId } = await kms(server).send(
      new CreateGrantCommand({ KeyId: key, GranteePrincipal: mia.arn, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { purpose: 'build' } } }),
    );
    const c = kms(server, mia.creds);
    // Usable at once, with or without its token.
    const opened = await c.send(new DecryptCommand({ CiphertextBlob: good, EncryptionContext: { purpose: 'build', project: 'p1' }, GrantTokens: [GrantToken!] }));
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('hello');
    expect((await c.send(new DecryptCommand({ CiphertextBlob: good, EncryptionContext: { purpose: 'build', project: 'p1' } }))).KeyId).toBe(key);
    const wrongContext = await failure(c.send(new DecryptCommand({ CiphertextBlob: other, EncryptionContext: { purpose: 'deploy' } })));
    expect(brief(wrongContext)).toEqual(['AccessDeniedException', notAuthorized(mia.arn, 'kms:Decrypt', key, noIdentityAllow('kms:Decrypt'))]);
    // Only the granted operations.
    const encrypt = await failure(c.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x'), EncryptionContext: { purpose: 'build' } })));
    expect(encrypt.name).toBe('AccessDeniedException');
    // A token KMS never issued is refused as such.
    const bogus = await failure(c.send(new DecryptCommand({ CiphertextBlob: good, EncryptionContext: { purpose: 'build', project: 'p1' }, GrantTokens: ['not-a-token'] })));
    expect(brief(bogus)).toEqual(['InvalidGrantTokenException', 'The grant token is not valid.']);
    // Revoked: gone at once.
    await kms(server).send(new RevokeGrantCommand({ KeyId: key, GrantId }));
    expect((await failure(c.send(new DecryptCommand({ CiphertextBlob: good, EncryptionContext: { purpose: 'build', project: 'p1' } })))).name).toBe(
      'AccessDeniedException',
    );
  });

  it('EncryptionContextEquals wants the exact context; an explicit deny beats a grant', async () => {
    const key = await newKey();
    const ned = await newUser(server, 'ned');
    const olga = await newUser(server, 'olga', policy(deny('kms:GenerateDataKey')));
    for (const who of [ned, olga]) {
      await kms(server).send(
        new CreateGrantCommand({ KeyId: key, GranteePrincipal: who.arn, Operations: ['GenerateDataKey'], Constraints: { EncryptionContextEquals: { app: 'a' } } }),
      );
    }
    const dk = await kms(server, ned.creds).send(new GenerateDataKeyCommand({ KeyId: key, KeySpec: 'AES_256', EncryptionContext: { app: 'a' } }));
    expect(dk.Plaintext!.length).toBe(32);
    const superset = await failure(kms(server, ned.creds).send(new GenerateDataKeyCommand({ KeyId: key, KeySpec: 'AES_256', EncryptionContext: { app: 'a', x: 'y' } })));
    expect(superset.name).toBe('AccessDeniedException');
    const denied = await failure(kms(server, olga.creds).send(new GenerateDataKeyCommand({ KeyId: key, KeySpec: 'AES_256', EncryptionContext: { app: 'a' } })));
    expect(brief(denied)).toEqual(['AccessDeniedException', notAuthorized(olga.arn, 'kms:GenerateDataKey', key, 'with an explicit deny in an identity-based policy')]);
  });

  it('the retiring principal may retire a grant; nobody else named in no grant may', async () => {
    const key = await newKey();
    const pia = await newUser(server, 'pia');
    const quinn = await newUser(server, 'quinn');
    const blob = await seal(key);
    const { GrantToken, GrantId } = await kms(server).send(
      new CreateGrantCommand({ KeyId: key, GranteePrincipal: pia.arn, RetiringPrincipal: quinn.arn, Operations: ['Decrypt'] }),
    );
    expect((await kms(server, pia.creds).send(new DecryptCommand({ CiphertextBlob: blob }))).KeyId).toBe(key);
    // The grantee may not: the grant does not include RetireGrant.
    const byGrantee = await failure(kms(server, pia.creds).send(new RetireGrantCommand({ KeyId: key, GrantId })));
    expect(brief(byGrantee)).toEqual(['AccessDeniedException', notAuthorized(pia.arn, 'kms:RetireGrant', key, noIdentityAllow('kms:RetireGrant'))]);
    await kms(server, quinn.creds).send(new RetireGrantCommand({ GrantToken }));
    expect((await failure(kms(server, pia.creds).send(new DecryptCommand({ CiphertextBlob: blob })))).name).toBe('AccessDeniedException');
  });

  it('ReEncrypt needs kms:ReEncryptTo on the destination key too', async () => {
    const source = await newKey();
    const destination = await newKey();
    const rex = await newUser(server, 'rex', policy(allow(['kms:ReEncryptFrom', 'kms:Encrypt'], source)));
    const blob = await seal(source);
    const refused = await failure(kms(server, rex.creds).send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination })));
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(rex.arn, 'kms:ReEncryptTo', destination, noIdentityAllow('kms:ReEncryptTo'))]);
    const sam = await newUser(server, 'sam', policy(allow('kms:ReEncrypt*', [source, destination])));
    expect((await kms(server, sam.creds).send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: destination }))).KeyId).toBe(destination);
  });
});
