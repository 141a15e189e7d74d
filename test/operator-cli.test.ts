import { execFile } from 'node:child_process';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServer, type TestServer } from './helpers/server.js';

function coffer(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const whoAmI = (server: TestServer, accessKeyId: string, secretAccessKey: string) =>
  new STSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey } }).send(
    new GetCallerIdentityCommand({}),
  );

describe('offline operator and admin commands', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    await server.stop();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('rotates the keyring; records sealed under the old term still open', async () => {
    const first = await coffer(['operator', 'rotate-keyring', '--data', server.dataDir]);
    expect(first).toMatchObject({ code: 0, stdout: 'keyring rotated: term 2 is now current\n' });
    const second = await coffer(['operator', 'rotate-keyring', '--data', server.dataDir]);
    expect(second.stdout).toBe('keyring rotated: term 3 is now current\n');
    await server.restart();
    const me = await whoAmI(server, server.credentials.accessKeyId, server.credentials.secretAccessKey);
    expect(me.Account).toBe(server.account);
    await server.stop();
  });

  it('creates another account whose root credentials work', async () => {
    const out = await coffer(['admin', 'create-account', '--data', server.dataDir]);
    expect(out.code).toBe(0);
    const account = /# account (\d{12})/.exec(out.stdout)?.[1];
    const id = /aws_access_key_id = (\S+)/.exec(out.stdout)?.[1];
    const secret = /aws_secret_access_key = (\S+)/.exec(out.stdout)?.[1];
    expect(account).toBeDefined();
    expect(account).not.toBe(server.account);
    await server.restart();
    const me = await whoAmI(server, id!, secret!);
    expect(me).toMatchObject({ Account: account, Arn: `arn:aws:iam::${account}:root` });
  });

  it('refuses to operate on a directory that does not exist', async () => {
    const out = await coffer(['operator', 'rotate-keyring', '--data', '/nonexistent/coffer-data']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/no data directory/);
  });
});
