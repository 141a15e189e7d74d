import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from './helpers/aws-cli.js';
import { CLI, startServer, type TestServer } from './helpers/server.js';

const sts = (server: TestServer, secret = server.credentials.secretAccessKey) =>
  new STSClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.credentials.accessKeyId, secretAccessKey: secret },
  });

describe('coffer server (secure mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('creates the data directory, root key and admin credentials with owner-only modes', () => {
    expect(fs.statSync(server.dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(server.dataDir, 'root.key')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(server.dataDir, 'admin-credentials')).mode & 0o777).toBe(0o600);
    expect(server.account).toMatch(/^[1-9]\d{11}$/);
    expect(server.credentials.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
  });

  it('answers GetCallerIdentity through @aws-sdk/client-sts', async () => {
    const out = await sts(server).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(server.account);
    expect(out.Arn).toBe(`arn:aws:iam::${server.account}:root`);
    expect(out.UserId).toBe(server.account);
  });

  it('answers GetCallerIdentity through the aws CLI with the admin-credentials file', async () => {
    const r = await awsCli(server, ['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SHARED_CREDENTIALS_FILE: path.join(server.dataDir, 'admin-credentials'),
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: server.account, Arn: `arn:aws:iam::${server.account}:root` });
  });

  it('refuses a wrong secret with the signature error', async () => {
    const err = await sts(server, 'x'.repeat(40))
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } });
    expect(err).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    expect((err as Error).message).toContain('The request signature we calculated does not match the signature you provided.');
  });

  it('refuses an unknown access key', async () => {
    const client = new STSClient({
      endpoint: server.endpoint,
      region: server.region,
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'y'.repeat(40) },
    });
    const err = await client.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ name: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
  });

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'secretsmanager.ListSecrets', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ __type: 'MissingAuthenticationTokenException', Message: 'Missing Authentication Token' });
  });

  it('refuses a body over 1 MiB without reading it whole', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'TrentService.ListKeys', 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.alloc(1024 * 1024 + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLargeException');
  });

  it('serves health and metrics', async () => {
    const health = (await (await fetch(`${server.endpoint}/_coffer/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', storage: 'sqlite', dev: false });
    const metrics = await (await fetch(`${server.endpoint}/_coffer/metrics`)).text();
    expect(metrics).toMatch(/coffer_requests_total\{operation="sts:GetCallerIdentity",outcome="ok"\} \d+/);
    expect(metrics).toContain('coffer_request_duration_seconds_bucket{operation="sts:GetCallerIdentity",outcome="ok",le="+Inf"}');
    // Start-up wrote the account: the embedded store has committed and flushed at least once.
    const counter = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect(counter('coffer_storage_commits_total')).toBeGreaterThan(0);
    expect(counter('coffer_storage_committed_writes_total')).toBeGreaterThanOrEqual(counter('coffer_storage_commits_total'));
    expect(counter('coffer_storage_flushes_total')).toBeGreaterThan(0);
  });

  it('does not offer dev-only endpoints in secure mode', async () => {
    const res = await fetch(`${server.endpoint}/_coffer/reset`, { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('writes one audit line per call without secrets', () => {
    const audit = server
      .logs()
      .split('\n')
      .filter((l) => l.includes('"type":"audit"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.some((a) => a.action === 'sts:GetCallerIdentity' && a.outcome === 'ok' && a.principal === `arn:aws:iam::${server.account}:root`)).toBe(true);
    expect(server.logs()).not.toContain(server.credentials.secretAccessKey);
  });

  it('keeps the same credentials working after a restart', async () => {
    await server.restart();
    const out = await sts(server).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(server.account);
  });

  it('exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('coffer server start-up refusals', () => {
  it('refuses to start when the root key does not open the data', async () => {
    const server = await startServer();
    await server.stop();
    const db = path.join(server.dataDir, 'coffer.db');
    const before = fs.readFileSync(db);
    fs.writeFileSync(path.join(server.dataDir, 'root.key'), Buffer.alloc(32, 7), { mode: 0o600 });
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'server', '--port', '0', '--data', server.dataDir], (err, _out, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/root key/i);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
});

describe('coffer server --dev', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dev: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('says loudly that it is in dev mode', () => {
    expect(server.logs()).toContain('DEV MODE');
  });

  it('lets a 12-digit access key id pick the account, without verifying the signature', async () => {
    const client = new STSClient({
      endpoint: server.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: '111122223333', secretAccessKey: 'anything' },
    });
    const out = await client.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('111122223333');
  });

  it('puts other access key ids in the dev account', async () => {
    const client = new STSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'secretsmanager.NoSuchThing', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'TrentService.ListKeys', 'content-type': 'application/x-amz-json-1.1' },
      body: '{"Limit": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('SerializationException');
  });

  it('wipes state on POST /_coffer/reset and keeps answering', async () => {
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    const sm = new SecretsManagerClient({ endpoint: server.endpoint, region: 'us-east-1', credentials });
    await sm.send(new CreateSecretCommand({ Name: 'before-reset', SecretString: 'x' }));
    expect((await sm.send(new ListSecretsCommand({}))).SecretList).toHaveLength(1);
    const res = await fetch(`${server.endpoint}/_coffer/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await sm.send(new ListSecretsCommand({}))).SecretList).toHaveLength(0);
    const client = new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials });
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
  });

  it("answers a constraint violation with AWS's validation message", async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'TrentService.GenerateRandom', 'content-type': 'application/x-amz-json-1.1' },
      body: '{"NumberOfBytes": 1025}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    });
  });
});
