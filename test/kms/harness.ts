import { randomBytes, randomUUID } from 'node:crypto';
import { openBarrier } from '../../src/crypto/barrier.js';
import { BarrierStore } from '../../src/crypto/secure-store-impl.js';
import { Clock } from '../../src/protocol/clock.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { AnyOperation, RequestContext } from '../../src/protocol/operation.js';
import type { AppServices } from '../../src/server/app-services.js';
import { InvalidationBus } from '../../src/server/invalidation.js';
import { createKmsInternal, kmsOperations, sweepKms } from '../../src/services/kms/index.js';
import { MemoryBackend } from '../../src/storage/memory.js';

/** KMS operations in-process over the real barrier store: target() then handler(), as the dispatcher runs them. */
export interface KmsHarness {
  app: AppServices;
  backend: MemoryBackend;
  account: string;
  clock: Clock;
  call<T = Record<string, unknown>>(op: string, input: object, opts?: { region?: string }): Promise<T>;
  fail(op: string, input: object, opts?: { region?: string }): Promise<AwsError>;
  advanceDays(days: number): Promise<void>;
}

export async function kmsHarness(): Promise<KmsHarness> {
  const backend = new MemoryBackend();
  const bus = new InvalidationBus();
  const barrier = await openBarrier(backend, randomBytes(32), bus);
  const store = new BarrierStore(backend, barrier);
  const clock = new Clock();
  const app = { config: {} as never, store, clock, bus, identity: {} as never, kms: createKmsInternal({ store, bus }) } as AppServices;
  const account = '123456789012';
  const ops = new Map<string, AnyOperation>(kmsOperations.map((o) => [o.name, o]));
  const call = async <T>(name: string, input: object, opts: { region?: string } = {}): Promise<T> => {
    const op = ops.get(name);
    if (!op) throw new Error(`no operation ${name}`);
    const ctx: RequestContext = {
      requestId: randomUUID(),
      service: 'kms',
      operation: name,
      region: opts.region ?? 'us-east-1',
      account,
      principal: { arn: `arn:aws:iam::${account}:root`, account, userId: account, type: 'root', accessKeyId: 'AKIA', admin: true },
      sourceIp: '127.0.0.1',
      secureTransport: false,
      now: clock.now(),
      app,
    };
    // Inputs arrive as the dispatcher's validator leaves them: a fresh object per call.
    const copy = { ...input };
    if (op.target) await op.target(copy, ctx);
    return (await op.handler(copy, ctx)) as T;
  };
  const fail = async (name: string, input: object, opts: { region?: string } = {}): Promise<AwsError> => {
    try {
      await call(name, input, opts);
    } catch (e) {
      if (e instanceof AwsError) return e;
      throw e;
    }
    throw new Error(`${name} did not fail`);
  };
  const advanceDays = async (days: number): Promise<void> => {
    clock.advance(days * 86_400_000);
    await sweepKms(app, clock.now());
  };
  return { app, backend, account, clock, call, fail, advanceDays };
}
