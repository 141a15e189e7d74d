import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { openBarrier } from '../../src/crypto/barrier.js';
import { BarrierStore } from '../../src/crypto/secure-store-impl.js';
import { StoredIdentity } from '../../src/identity/identity-store-impl.js';
import { authorize, decide } from '../../src/protocol/authorize.js';
import { Clock } from '../../src/protocol/clock.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { AnyOperation, Principal, RequestContext, ServiceName } from '../../src/protocol/operation.js';
import type { AppServices } from '../../src/server/app-services.js';
import { InvalidationBus } from '../../src/server/invalidation.js';
import { iamOperations } from '../../src/services/iam/index.js';
import { createKmsInternal, kmsOperations } from '../../src/services/kms/index.js';
import { secretsManagerOperations } from '../../src/services/secretsmanager/index.js';
import { stsOperations } from '../../src/services/sts/index.js';
import { MemoryBackend } from '../../src/storage/memory.js';
import { allow, policy } from './clients.js';

const A = '111111111111';
const B = '222222222222';

/** The services in-process, each call run as the dispatcher runs it: target, authorize, handler. */
async function world(config: Partial<Config> = {}) {
  const backend = new MemoryBackend();
  const bus = new InvalidationBus();
  const store = new BarrierStore(backend, await openBarrier(backend, randomBytes(32), bus));
  const identity = new StoredIdentity(store, bus);
  const app: AppServices = {
    config: { dev: false, enforceIam: false, devAccount: '000000000000', storage: 'memory', ...config } as Config,
    store,
    clock: new Clock(),
    bus,
    identity,
    kms: createKmsInternal({ store, bus }),
  };
  const ops = new Map<string, AnyOperation>([...iamOperations, ...stsOperations, ...kmsOperations, ...secretsManagerOperations].map((o) => [`${o.service}:${o.name}`, o]));
  const roots: Record<string, Principal> = {};
  for (const account of [A, B]) {
    await identity.createAccount(account);
    const key = await identity.createRootAccessKey(account);
    roots[account] = { ...key.principal, accessKeyId: key.accessKeyId };
  }
  const ctxOf = (service: ServiceName, operation: string, principal: Principal): RequestContext => ({
    requestId: randomUUID(),
    service,
    operation,
    region: 'us-east-1',
    account: principal.account,
    principal,
    sourceIp: '127.0.0.1',
    secureTransport: true,
    now: app.clock.now(),
    app,
  });
  const call = async <T = Record<string, unknown>>(name: string, input: object, principal: Principal): Promise<T> => {
    const op = ops.get(name);
    if (!op) throw new Error(`no operation ${name}`);
    const ctx = ctxOf(op.service, op.name, principal);
    const copy = { ...input };
    await authorize(ctx, op, op.target ? await op.target(copy, ctx) : {});
    return (await op.handler(copy, ctx)) as T;
  };
  const fail = async (name: string, input: object, principal: Principal): Promise<AwsError> => {
    try {
      await call(name, input, principal);
    } catch (e) {
      if (e instanceof AwsError) return e;
      throw e;
    }
    throw new Error(`${name} was not refused`);
  };
  const user = async (account: string, name: string, document?: string): Promise<Principal> => {
    const root = roots[account]!;
    await call('iam:CreateUser', { UserName: name }, root);
    if (document) await call('iam:PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: document }, root);
    const key = await call<{ AccessKey: { AccessKeyId: string } }>('iam:CreateAccessKey', { UserName: name }, root);
    const rec = await identity.lookupAccessKey(key.AccessKey.AccessKeyId);
    return { ...rec!.principal, accessKeyId: rec!.accessKeyId };
  };
  return { app, call, fail, user, ctxOf, roots };
}

describe('authorize in-process', () => {
  it('dev mode is permissive unless --enforce-iam', async () => {
    const dev = await world({ dev: true });
    const nobody = await dev.user(A, 'nobody');
    expect(await dev.call('kms:CreateKey', {}, nobody)).toHaveProperty('KeyMetadata');
    const strict = await world({ dev: true, enforceIam: true });
    const refused = await strict.fail('kms:CreateKey', {}, await strict.user(A, 'nobody'));
    expect([refused.code, refused.message]).toEqual([
      'AccessDeniedException',
      `User: arn:aws:iam::${A}:user/nobody is not authorized to perform: kms:CreateKey because no identity-based policy allows the kms:CreateKey action`,
    ]);
  });

  it('the account root on its own resources is decided without reading any policy', async () => {
    const w = await world();
    const ctx = w.ctxOf('secretsmanager', 'GetSecretValue', w.roots[A]!);
    expect(await decide(ctx, 'secretsmanager:GetSecretValue', { resource: `arn:aws:secretsmanager:us-east-1:${A}:secret:x-abcdef` })).toMatchObject({
      allowed: true,
      allowedBy: 'root',
    });
    // Another account's resource is not its own.
    const other = await decide(ctx, 'secretsmanager:GetSecretValue', { resource: `arn:aws:secretsmanager:us-east-1:${B}:secret:x-abcdef`, resourceAccount: B });
    expect(other).toMatchObject({ allowed: false, reason: 'no-resource-allow' });
  });

  it('GetSessionToken credentials are refused by the IAM API; role sessions are not', async () => {
    const w = await world();
    const admin = await w.user(A, 'admin', policy(allow('iam:*')));
    expect(await w.call('iam:ListUsers', {}, admin)).toHaveProperty('Users');
    const refused = await w.fail('iam:ListUsers', {}, { ...admin, sessionKind: 'session-token' });
    expect([refused.code, refused.message]).toEqual(['UnrecognizedClientException', 'The security token included in the request is invalid.']);
    expect(await w.call('iam:ListUsers', {}, { ...admin, sessionKind: 'assumed-role' })).toHaveProperty('Users');
  });

  it('Secrets Manager\'s use of aws/secretsmanager: any principal of the owner account, none of another', async () => {
    const w = await world();
    const reader = await w.user(A, 'reader');
    const outsider = await w.user(B, 'outsider', policy(allow('kms:*')));
    const smCtx = (p: Principal) => w.ctxOf('secretsmanager', 'GetSecretValue', p);
    const via = (p: Principal) => ({ account: p.account, region: 'us-east-1', principalArn: p.arn, viaService: 'secretsmanager.us-east-1.amazonaws.com', now: Date.now(), request: smCtx(p) });
    const keyArn = await w.app.kms.awsManagedKeyArn(via(w.roots[A]!), 'secretsmanager');
    // A user with no KMS permission at all: the key policy's Principal "*" with kms:ViaService and kms:CallerAccount.
    const dk = await w.app.kms.generateDataKey(via(reader), keyArn, { SecretARN: 'x', SecretVersionId: 'v' });
    expect(dk.keyArn).toBe(keyArn);
    expect((await w.app.kms.decrypt(via(reader), dk.ciphertextBlob, { SecretARN: 'x', SecretVersionId: 'v' })).plaintext).toEqual(dk.plaintext);
    // The same key for a principal of account B: kms:CallerAccount is B.
    await expect(w.app.kms.decrypt(via(outsider), dk.ciphertextBlob, { SecretARN: 'x', SecretVersionId: 'v' })).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: `User: ${outsider.arn} is not authorized to perform: kms:Decrypt on resource: ${keyArn} because no resource-based policy allows the kms:Decrypt action`,
    });
    // Not through Secrets Manager, the owner's user is refused too.
    await expect(w.app.kms.decrypt({ ...via(reader), viaService: undefined }, dk.ciphertextBlob, { SecretARN: 'x', SecretVersionId: 'v' })).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
    // Coffer's own background work (no request) is not a caller's call.
    expect((await w.app.kms.decrypt({ ...via(outsider), request: undefined }, dk.ciphertextBlob, { SecretARN: 'x', SecretVersionId: 'v' })).keyArn).toBe(keyArn);
  });

  it('a grant to an account leaves the decision to that account\'s IAM policies', async () => {
    const w = await world();
    const keyAdmin = await w.user(A, 'key-admin');
    const withIam = await w.user(A, 'with-iam', policy(allow('kms:Decrypt')));
    const without = await w.user(A, 'without');
    const keyPolicy = policy({ Effect: 'Allow', Principal: { AWS: keyAdmin.arn }, Action: 'kms:*', Resource: '*' });
    const key = await w.call<{ KeyMetadata: { Arn: string } }>('kms:CreateKey', { Policy: keyPolicy, BypassPolicyLockoutSafetyCheck: true }, w.roots[A]!);
    const arn = key.KeyMetadata.Arn;
    const sealed = await w.call<{ CiphertextBlob: Buffer }>('kms:Encrypt', { KeyId: arn, Plaintext: Buffer.from('x') }, keyAdmin);
    expect((await w.fail('kms:Decrypt', { CiphertextBlob: sealed.CiphertextBlob }, withIam)).code).toBe('AccessDeniedException');
    await w.call('kms:CreateGrant', { KeyId: arn, GranteePrincipal: `arn:aws:iam::${A}:root`, Operations: ['Decrypt'] }, keyAdmin);
    expect(await w.call('kms:Decrypt', { CiphertextBlob: sealed.CiphertextBlob }, withIam)).toMatchObject({ KeyId: arn });
    expect((await w.fail('kms:Decrypt', { CiphertextBlob: sealed.CiphertextBlob }, without)).code).toBe('AccessDeniedException');
  });

  it('AssumeRole of a role that does not exist is refused as STS words it', async () => {
    const w = await world();
    const eve = await w.user(A, 'eve', policy(allow('sts:AssumeRole')));
    const ghost = `arn:aws:iam::${A}:role/ghost`;
    const refused = await w.fail('sts:AssumeRole', { RoleArn: ghost, RoleSessionName: 'sess' }, eve);
    expect([refused.code, refused.message]).toEqual(['AccessDeniedException', `User: ${eve.arn} is not authorized to perform: sts:AssumeRole on resource: ${ghost}`]);
  });

  it('a role session carries its role ARN with the path, for aws:PrincipalArn', async () => {
    const w = await world();
    const root = w.roots[A]!;
    await w.call('iam:CreateRole', { RoleName: 'r', Path: '/team/', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }) }, root);
    const out = await w.call<{ Credentials: { AccessKeyId: string } }>('sts:AssumeRole', { RoleArn: `arn:aws:iam::${A}:role/team/r`, RoleSessionName: 'sess' }, root);
    const rec = await w.app.identity.lookupAccessKey(out.Credentials.AccessKeyId);
    expect(rec?.principal).toMatchObject({ type: 'assumed-role', roleArn: `arn:aws:iam::${A}:role/team/r`, arn: `arn:aws:sts::${A}:assumed-role/r/sess` });
  });
});
