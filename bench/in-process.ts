/**
 * The pipeline's own cost, without HTTP: builds coffer's services the way the server does
 * (SQLite in a temp dir, secure mode, audit on) and calls Dispatcher.dispatch() in a loop
 * with the same pre-signed requests the wrk cases send. Prints CPU µs per call for each
 * case. Audit lines go to stdout: run with `> /dev/null`.
 *
 *   node dist/bench/in-process.js [--calls N] [--batches N] [--only a,b] [--in-flight N]
 *   node --cpu-prof --cpu-prof-dir=DIR dist/bench/in-process.js --only sm-get > /dev/null
 *
 * What a case costs here plus what the raw stub costs over HTTP is what coffer costs per
 * request; the "0.6× the stub" targets leave about 2/3 of the stub's cost for this part.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../src/config.js';
import { openBarrier } from '../src/crypto/barrier.js';
import { loadOrCreateRootKey } from '../src/crypto/root-key.js';
import { BarrierStore } from '../src/crypto/secure-store-impl.js';
import { StoredIdentity } from '../src/identity/identity-store-impl.js';
import { Clock } from '../src/protocol/clock.js';
import { Dispatcher, type WireRequest } from '../src/protocol/dispatcher.js';
import type { AppServices } from '../src/server/app-services.js';
import { bootstrapAccount } from '../src/server/bootstrap.js';
import { InvalidationBus } from '../src/server/invalidation.js';
import { flushLog } from '../src/server/log.js';
import { Metrics } from '../src/server/metrics.js';
import { operationTable } from '../src/server/operations.js';
import { openStorage } from '../src/server/storage.js';
import { SqliteBackend } from '../src/storage/sqlite.js';
import { createKmsInternal } from '../src/services/kms/index.js';
import { signCall, type Call, type Endpoint } from './aws-call.js';
import { readCredentials } from './targets/coffer.js';

interface Case {
  id: string;
  call: () => Promise<Call>;
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const calls = Number(argValue('--calls') ?? 20_000);
  const batches = Number(argValue('--batches') ?? 10);
  const only = (argValue('--only') ?? '').split(',').filter(Boolean);
  const inFlight = Number(argValue('--in-flight') ?? 16);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-inproc-'));
  const config: Config = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    storage: 'sqlite',
    dev: false,
    devAccount: '000000000000',
    enforceIam: false,
    maxBodyBytes: 1024 * 1024,
    sweepIntervalMs: 60_000,
    audit: true,
  };
  const rootKey = await loadOrCreateRootKey(dataDir);
  const bus = new InvalidationBus();
  const backend = await openStorage('sqlite', dataDir, bus);
  const barrier = await openBarrier(backend, rootKey, bus);
  const store = new BarrierStore(backend, barrier);
  const app: AppServices = { config, store, clock: new Clock(), bus, identity: new StoredIdentity(store, bus), kms: createKmsInternal({ store, bus }) };
  await bootstrapAccount(store, dataDir);
  const dispatcher = new Dispatcher(() => app, operationTable(), new Metrics());
  const ep: Endpoint = { host: '127.0.0.1:4566', credentials: readCredentials(dataDir), region: 'us-east-1' };

  const wire = (call: Call): WireRequest => {
    const signed = signCall(ep, call);
    const rawHeaders: string[] = [];
    for (const [k, v] of Object.entries(signed.headers)) rawHeaders.push(k, v);
    const body = Buffer.from(signed.body, 'utf8');
    rawHeaders.push('content-length', String(body.length));
    return {
      method: signed.method,
      rawPath: '/',
      rawQuery: '',
      headers: { ...signed.headers, 'content-length': String(body.length) },
      rawHeaders,
      body,
      sourceIp: '127.0.0.1',
      secure: false,
    };
  };
  const ok = async <T>(call: Call): Promise<T> => {
    const r = await dispatcher.dispatch(wire(call));
    if (r.status !== 200) throw new Error(`${call.action}: ${r.status} ${r.body}`);
    return JSON.parse(r.body.toString()) as T;
  };

  let keyId: string | undefined;
  const symmetricKey = async (): Promise<string> =>
    (keyId ??= (await ok<{ KeyMetadata: { KeyId: string } }>({ service: 'kms', action: 'CreateKey', input: {} })).KeyMetadata.KeyId);
  let secret: string | undefined;
  const secret4k = async (): Promise<string> => {
    if (secret) return secret;
    secret = 'bench/in-process';
    await ok({ service: 'secretsmanager', action: 'CreateSecret', input: { Name: secret, ClientRequestToken: randomUUID(), SecretString: randomBytes(3072).toString('base64') } });
    return secret;
  };

  const cases: Case[] = [
    { id: 'sts-get-caller-identity', call: async () => ({ service: 'sts', action: 'GetCallerIdentity' }) },
    { id: 'sm-get-secret-value', call: async () => ({ service: 'secretsmanager', action: 'GetSecretValue', input: { SecretId: await secret4k() } }) },
    { id: 'sm-describe-secret', call: async () => ({ service: 'secretsmanager', action: 'DescribeSecret', input: { SecretId: await secret4k() } }) },
    {
      id: 'kms-encrypt',
      call: async () => ({ service: 'kms', action: 'Encrypt', input: { KeyId: await symmetricKey(), Plaintext: randomBytes(1024).toString('base64') } }),
    },
    {
      id: 'kms-decrypt',
      call: async () => {
        const out = await ok<{ CiphertextBlob: string }>({ service: 'kms', action: 'Encrypt', input: { KeyId: await symmetricKey(), Plaintext: randomBytes(1024).toString('base64') } });
        return { service: 'kms', action: 'Decrypt', input: { CiphertextBlob: out.CiphertextBlob } };
      },
    },
    { id: 'kms-generate-data-key', call: async () => ({ service: 'kms', action: 'GenerateDataKey', input: { KeyId: await symmetricKey(), KeySpec: 'AES_256' } }) },
  ];

  // CreateSecret: a new name every call, 16 in flight as wrk's connections would be, so group commit works as in the server.
  if (only.length === 0 || only.some((o) => 'sm-create-secret'.startsWith(o) || o.startsWith('sm-create'))) {
    const n = Math.min(calls, 20_000);
    const reqs: WireRequest[] = [];
    for (let i = 0; i < n + 400; i++) {
      reqs.push(
        wire({
          service: 'secretsmanager',
          action: 'CreateSecret',
          input: { Name: `bench/create/${i}`, ClientRequestToken: randomUUID(), SecretString: randomBytes(192).toString('base64') },
        }),
      );
    }
    let next = 0;
    const worker = async (upto: number): Promise<void> => {
      while (next < upto) {
        const r = await dispatcher.dispatch(reqs[next++]!);
        if (r.status !== 200) throw new Error(`CreateSecret: ${r.status} ${r.body}`);
      }
    };
    const run = (upto: number): Promise<void[]> => Promise.all(Array.from({ length: inFlight }, () => worker(upto)));
    await run(400);
    flushLog();
    const groups = backend instanceof SqliteBackend ? backend.stats : undefined;
    const commitsBefore = groups?.commits ?? 0;
    const before = process.cpuUsage();
    const t0 = performance.now();
    await run(n + 400);
    const cpu = process.cpuUsage(before);
    const wall = performance.now() - t0;
    const perCommit = groups ? `; ${(n / (groups.commits - commitsBefore)).toFixed(1)} per commit` : '';
    process.stderr.write(
      `${'sm-create-secret'.padEnd(26)} ${((cpu.user + cpu.system) / n).toFixed(1).padStart(7)} µs CPU/call (${inFlight} in flight${perCommit}; ${((n * 1000) / wall).toFixed(0)} calls/s)\n`,
    );
  }

  for (const c of cases) {
    if (only.length > 0 && !only.some((o) => c.id.startsWith(o))) continue;
    const req = wire(await c.call());
    for (let i = 0; i < 2000; i++) await dispatcher.dispatch(req);
    flushLog();
    // Batches, and the least CPU per call among them: on a shared machine other processes
    // only ever add to a batch's time.
    const perBatch: number[] = [];
    const batchCalls = Math.max(1, Math.floor(calls / batches));
    for (let b = 0; b < batches; b++) {
      const before = process.cpuUsage();
      for (let i = 0; i < batchCalls; i++) {
        const r = await dispatcher.dispatch(req);
        if (r.status !== 200) throw new Error(`${c.id}: ${r.status} ${r.body}`);
        // Let the audit batch go out as it would between requests.
        if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
      }
      const cpu = process.cpuUsage(before);
      perBatch.push((cpu.user + cpu.system) / batchCalls);
    }
    perBatch.sort((a, b) => a - b);
    const median = perBatch[Math.floor(perBatch.length / 2)]!;
    process.stderr.write(`${c.id.padEnd(26)} ${perBatch[0]!.toFixed(1).padStart(7)} µs CPU/call (least of ${batches} batches; median ${median.toFixed(1)})\n`);
  }
  await backend.close();
  flushLog();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
