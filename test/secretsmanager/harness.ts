import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { openBarrier } from '../../src/crypto/barrier.js';
import { BarrierStore } from '../../src/crypto/secure-store-impl.js';
import { AwsError } from '../../src/protocol/errors.js';
import { Utf8Text } from '../../src/protocol/utf8-text.js';
import { Clock } from '../../src/protocol/clock.js';
import type { AnyOperation, RequestContext } from '../../src/protocol/operation.js';
import type { AppServices } from '../../src/server/app-services.js';
import { InvalidationBus } from '../../src/server/invalidation.js';
import type { KmsCaller, KmsInternal } from '../../src/services/kms/internal.js';
import { secretsManagerOperations } from '../../src/services/secretsmanager/index.js';
import { MemoryBackend } from '../../src/storage/memory.js';

/**
 * A stand-in for the KMS service while it is being written: the KmsInternal contract
 * with AES-GCM key material, key states and KMS's own error codes and messages.
 */
export class StandInKms implements KmsInternal {
  readonly keys = new Map<string, { arn: string; material: Buffer; state: 'Enabled' | 'Disabled' | 'PendingDeletion' }>();
  readonly aliases = new Map<string, string>();

  createKey(region: string, account: string, alias?: string): string {
    const arn = `arn:aws:kms:${region}:${account}:key/${randomUUID()}`;
    this.keys.set(arn, { arn, material: randomBytes(32), state: 'Enabled' });
    if (alias) this.aliases.set(`arn:aws:kms:${region}:${account}:${alias}`, arn);
    return arn;
  }

  async resolveKeyArn(caller: KmsCaller, keyId: string): Promise<string> {
    if (this.keys.has(keyId)) return keyId;
    const byId = `arn:aws:kms:${caller.region}:${caller.account}:key/${keyId}`;
    if (this.keys.has(byId)) return byId;
    const alias = keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${caller.region}:${caller.account}:${keyId}`;
    const target = this.aliases.get(alias);
    if (target) return target;
    if (keyId.startsWith('alias/') || keyId.includes(':alias/')) throw new AwsError('NotFoundException', `Alias ${alias} is not found.`);
    throw new AwsError('NotFoundException', `Invalid keyId '${keyId}'`);
  }

  async awsManagedKeyArn(caller: KmsCaller, service: string): Promise<string> {
    const alias = `arn:aws:kms:${caller.region}:${caller.account}:alias/aws/${service}`;
    return this.aliases.get(alias) ?? this.createKey(caller.region, caller.account, `alias/aws/${service}`);
  }

  private usable(arn: string) {
    const k = this.keys.get(arn);
    if (!k) throw new AwsError('NotFoundException', `Key '${arn}' does not exist`);
    if (k.state === 'Disabled') throw new AwsError('DisabledException', `${arn} is disabled.`);
    if (k.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${arn} is pending deletion.`);
    return k;
  }

  async generateDataKey(caller: KmsCaller, keyId: string, context: Record<string, string>) {
    const k = this.usable(await this.resolveKeyArn(caller, keyId));
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', k.material, iv);
    c.setAAD(Buffer.from(JSON.stringify(Object.entries(context).sort())));
    const ct = Buffer.concat([c.update(plaintext), c.final()]);
    const arn = Buffer.from(k.arn);
    const blob = Buffer.concat([Buffer.from([arn.length]), arn, iv, c.getAuthTag(), ct]);
    return { keyArn: k.arn, plaintext, ciphertextBlob: blob };
  }

  async decrypt(_caller: KmsCaller, blob: Buffer, context: Record<string, string>) {
    const n = blob[0]!;
    const k = this.usable(blob.subarray(1, 1 + n).toString());
    const iv = blob.subarray(1 + n, 13 + n);
    const tag = blob.subarray(13 + n, 29 + n);
    const d = createDecipheriv('aes-256-gcm', k.material, iv);
    d.setAAD(Buffer.from(JSON.stringify(Object.entries(context).sort())));
    d.setAuthTag(tag);
    try {
      return { keyArn: k.arn, plaintext: Buffer.concat([d.update(blob.subarray(29 + n)), d.final()]) };
    } catch {
      throw new AwsError('InvalidCiphertextException', '');
    }
  }
}

export interface Harness {
  app: AppServices;
  kms: StandInKms;
  backend: MemoryBackend;
  account: string;
  call<T = Record<string, unknown>>(op: string, input: object, opts?: { region?: string; account?: string }): Promise<T>;
  fail(op: string, input: object, opts?: { region?: string }): Promise<AwsError>;
}

export async function harness(): Promise<Harness> {
  const backend = new MemoryBackend();
  const bus = new InvalidationBus();
  const barrier = await openBarrier(backend, randomBytes(32), bus);
  const store = new BarrierStore(backend, barrier);
  const kms = new StandInKms();
  const clock = new Clock();
  const app = { config: {} as never, store, clock, bus, identity: {} as never, kms } as AppServices;
  const account = '123456789012';
  const ops = new Map<string, AnyOperation>(secretsManagerOperations.map((o) => [o.name, o]));
  const call = async <T>(name: string, input: object, opts: { region?: string; account?: string } = {}): Promise<T> => {
    const op = ops.get(name);
    if (!op) throw new Error(`no operation ${name}`);
    const acct = opts.account ?? account;
    const ctx: RequestContext = {
      requestId: randomUUID(),
      service: 'secretsmanager',
      operation: name,
      region: opts.region ?? 'us-east-1',
      account: acct,
      principal: { arn: `arn:aws:iam::${acct}:root`, account: acct, userId: acct, type: 'root', accessKeyId: 'AKIA', admin: true },
      sourceIp: '127.0.0.1',
      secureTransport: false,
      now: clock.now(),
      app,
    };
    if (op.target) await op.target(input, ctx);
    const out = (await op.handler(input, ctx)) as Record<string, unknown>;
    // A decrypted SecretString comes as bytes for the serializer; tests read it as the string it is.
    for (const key in out) {
      const member = out[key];
      if (member instanceof Utf8Text) out[key] = member.takeString();
    }
    return out as T;
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
  return { app, kms, backend, account, call, fail };
}
