import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../src/config.js';
import { openBarrier } from '../src/crypto/barrier.js';
import { BarrierStore } from '../src/crypto/secure-store-impl.js';
import { StoredIdentity } from '../src/identity/identity-store-impl.js';
import { Clock } from '../src/protocol/clock.js';
import { AwsError } from '../src/protocol/errors.js';
import type { AnyOperation, Principal, RequestContext } from '../src/protocol/operation.js';
import type { AppServices } from '../src/server/app-services.js';
import { InvalidationBus } from '../src/server/invalidation.js';
import { iamOperations } from '../src/services/iam/index.js';
import { stsOperations } from '../src/services/sts/index.js';
import { MemoryBackend } from '../src/storage/memory.js';

/**
 * IAM and STS operations in-process over the real barrier store and identity store (no HTTP):
 * each call runs the operation's target and handler, as the dispatcher does after authorization.
 */
export interface IamHarness {
  app: AppServices;
  backend: MemoryBackend;
  identity: StoredIdentity;
  account: string;
  root: Principal;
  call<T = Record<string, unknown>>(op: string, input: object, principal?: Principal): Promise<T>;
  fail(op: string, input: object, principal?: Principal): Promise<AwsError>;
}

export async function iamHarness(config: Partial<Config> = {}): Promise<IamHarness> {
  const backend = new MemoryBackend();
  const bus = new InvalidationBus();
  const barrier = await openBarrier(backend, randomBytes(32), bus);
  const store = new BarrierStore(backend, barrier);
  const identity = new StoredIdentity(store, bus);
  const account = '123456789012';
  await identity.createAccount(account);
  const rootKey = await identity.createRootAccessKey(account);
  const fullConfig = { dev: false, enforceIam: false, devAccount: '000000000000', ...config } as Config;
  const app = { config: fullConfig, store, clock: new Clock(), bus, identity, kms: {} as never } as AppServices;
  const root: Principal = { ...rootKey.principal, accessKeyId: rootKey.accessKeyId };
  const ops = new Map<string, AnyOperation>([...iamOperations, ...stsOperations].map((o) => [o.name, o]));
  const call = async <T>(name: string, input: object, principal: Principal = root): Promise<T> => {
    const op = ops.get(name);
    if (!op) throw new Error(`no operation ${name}`);
    const ctx: RequestContext = {
      requestId: randomUUID(),
      service: op.service,
      operation: name,
      region: 'us-east-1',
      account: principal.account,
      principal,
      sourceIp: '127.0.0.1',
      secureTransport: true,
      now: app.clock.now(),
      app,
    };
    if (op.target) await op.target(input, ctx);
    return (await op.handler(input, ctx)) as T;
  };
  const fail = async (name: string, input: object, principal?: Principal): Promise<AwsError> => {
    try {
      await call(name, input, principal);
    } catch (e) {
      if (e instanceof AwsError) return e;
      throw e;
    }
    throw new Error(`${name} did not fail`);
  };
  return { app, backend, identity, account, root, call, fail };
}

/** The principal an access key authenticates as (what the dispatcher hands to operations). */
export async function principalOf(h: IamHarness, accessKeyId: string): Promise<Principal> {
  const rec = await h.identity.lookupAccessKey(accessKeyId);
  if (!rec) throw new Error(`no key ${accessKeyId}`);
  return { ...rec.principal, accessKeyId };
}

export const trustFor = (principal: Record<string, string | string[]>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] });

export const allow = (action: string | string[], resource: string | string[] = '*'): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
