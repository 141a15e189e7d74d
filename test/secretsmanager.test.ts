import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from './helpers/aws-cli.js';
import { startServer, type TestServer } from './helpers/server.js';

const sm = (server: TestServer, region = server.region) =>
  new SecretsManagerClient({ endpoint: server.endpoint, region, credentials: server.credentials });

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => e,
  );

function python(server: TestServer, script: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      ['-c', script],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          ENDPOINT: server.endpoint,
          AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
          AWS_DEFAULT_REGION: server.region,
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
    );
  });
}

describe('Secrets Manager end to end (secure mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the console scenario through @aws-sdk/client-secrets-manager', async () => {
    const name = '2018-12-01_baseball-game-source';
    const key = 'a3f1c2d4e5f60718293a4b5c6d7e8f90';
    const created = await sm(server).send(new CreateSecretCommand({ Name: name, SecretString: key }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${server.account}:secret:${name}-[A-Za-z0-9]{6}$`));
    const byArn = await sm(server).send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(byArn).toMatchObject({ ARN: created.ARN, Name: name, SecretString: key, VersionStages: ['AWSCURRENT'] });
    expect(byArn.CreatedDate).toBeInstanceOf(Date);
    const partial = `arn:aws:secretsmanager:us-east-1:${server.account}:secret:${name}`;
    expect((await sm(server).send(new GetSecretValueCommand({ SecretId: partial }))).SecretString).toBe(key);
    const second = await sm(server, 'eu-west-1').send(new CreateSecretCommand({ Name: name, SecretString: key }));
    expect(second.ARN).toContain(':eu-west-1:');
    expect(second.ARN).not.toBe(created.ARN);
    const described = await sm(server).send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.KmsKeyId).toBeUndefined();
    const versions = await sm(server).send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(versions.Versions?.[0]?.KmsKeyIds).toEqual(['DefaultEncryptionKey']);
  });

  it('labels, messages and idempotency through the SDK', async () => {
    const c = sm(server);
    const one = await c.send(new CreateSecretCommand({ Name: 'labels', SecretString: 'one' }));
    const two = await c.send(new PutSecretValueCommand({ SecretId: 'labels', SecretString: 'two' }));
    expect(two.VersionStages).toEqual(['AWSCURRENT']);
    const pending = await c.send(new PutSecretValueCommand({ SecretId: 'labels', SecretString: 'three', VersionStages: ['AWSPENDING'] }));
    expect((await c.send(new GetSecretValueCommand({ SecretId: 'labels' }))).SecretString).toBe('two');
    const mismatch = await failure(c.send(new GetSecretValueCommand({ SecretId: 'labels', VersionId: one.VersionId, VersionStage: 'AWSCURRENT' })));
    expect(mismatch).toMatchObject({ name: 'InvalidRequestException', message: 'You provided a VersionStage that is not associated to the provided VersionId.' });
    const noRemove = await failure(
      c.send(new UpdateSecretVersionStageCommand({ SecretId: 'labels', VersionStage: 'AWSCURRENT', MoveToVersionId: pending.VersionId })),
    );
    expect(noRemove.name).toBe('InvalidParameterException');
    expect(noRemove.message).toContain("The parameter RemoveFromVersionId can't be empty.");
    await c.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'labels',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: pending.VersionId,
        RemoveFromVersionId: two.VersionId,
      }),
    );
    const d = await c.send(new DescribeSecretCommand({ SecretId: 'labels' }));
    expect(d.VersionIdsToStages).toEqual({ [two.VersionId!]: ['AWSPREVIOUS'], [pending.VersionId!]: ['AWSPENDING', 'AWSCURRENT'] });
    const token = '0123456789abcdef0123456789abcdef';
    await c.send(new PutSecretValueCommand({ SecretId: 'labels', SecretString: 'same', ClientRequestToken: token }));
    const again = await c.send(new PutSecretValueCommand({ SecretId: 'labels', SecretString: 'same', ClientRequestToken: token }));
    expect(again.VersionId).toBe(token);
    const other = await failure(c.send(new PutSecretValueCommand({ SecretId: 'labels', SecretString: 'other', ClientRequestToken: token })));
    expect(other.name).toBe('ResourceExistsException');
    const missing = await failure(c.send(new GetSecretValueCommand({ SecretId: 'no-such-secret' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    expect(missing.$metadata?.httpStatusCode).toBe(400);
  });

  it('binary values round-trip byte for byte', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) % 256);
    await sm(server).send(new CreateSecretCommand({ Name: 'binary', SecretBinary: bytes }));
    const got = await sm(server).send(new GetSecretValueCommand({ SecretId: 'binary' }));
    expect(Buffer.compare(Buffer.from(got.SecretBinary!), Buffer.from(bytes))).toBe(0);
  });

  it('answers the aws CLI', async () => {
    const create = await awsCli(server, ['secretsmanager', 'create-secret', '--name', 'cli-secret', '--secret-string', 'from-cli']);
    expect(create.stderr).toBe('');
    const arn = JSON.parse(create.stdout).ARN as string;
    const get = await awsCli(server, ['secretsmanager', 'get-secret-value', '--secret-id', arn]);
    expect(JSON.parse(get.stdout)).toMatchObject({ Name: 'cli-secret', SecretString: 'from-cli', VersionStages: ['AWSCURRENT'] });
    const list = await awsCli(server, ['secretsmanager', 'list-secrets', '--filters', 'Key=name,Values=cli-']);
    expect(JSON.parse(list.stdout).SecretList.map((s: { Name: string }) => s.Name)).toEqual(['cli-secret']);
    const bad = await awsCli(server, ['secretsmanager', 'describe-secret', '--secret-id', 'missing-one']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("(ResourceNotFoundException) when calling the DescribeSecret operation: Secrets Manager can't find the specified secret.");
  });

  it('answers boto3', async () => {
    const script = `
import os, boto3, json
c = boto3.client('secretsmanager', endpoint_url=os.environ['ENDPOINT'])
r = c.create_secret(Name='boto-secret', SecretBinary=bytes(range(256)))
v = c.get_secret_value(SecretId=r['ARN'])
assert v['SecretBinary'] == bytes(range(256))
c.delete_secret(SecretId='boto-secret', RecoveryWindowInDays=7)
try:
    c.get_secret_value(SecretId='boto-secret')
    raise SystemExit('no error')
except c.exceptions.InvalidRequestException as e:
    print(json.dumps({'ok': True, 'message': e.response['Error']['Message'], 'deleted': 'DeletedDate' in c.describe_secret(SecretId='boto-secret')}))
`;
    const out = await python(server, script);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({
      ok: true,
      message: "You can't perform this operation on the secret because it was marked for deletion.",
      deleted: true,
    });
  });

  it('answers every SecretString exactly as it was stored: quotes, backslashes, controls, non-ASCII, lone surrogates', async () => {
    const c = sm(server);
    const values = [
      'plain-4k-'.padEnd(4096, 'x'),
      '{"user":"admin","password":"p\\a\\"ss"}',
      'tab\tnewline\nnul\u0000esc\u001bdel\u007f',
      'ünïcödé €100 — 日本語 🔑',
      'line\u2028separator\u2029',
      'lone \ud800 surrogate',
    ];
    for (const [i, v] of values.entries()) {
      await c.send(new CreateSecretCommand({ Name: `escapes-${i}`, SecretString: v }));
      const got = await c.send(new GetSecretValueCommand({ SecretId: `escapes-${i}` }));
      // A lone surrogate has no UTF-8 form: the stored value holds U+FFFD in its place.
      expect(got.SecretString).toBe(v.replace('\ud800', '\ufffd'));
      expect(got.Name).toBe(`escapes-${i}`);
      expect(got.VersionStages).toEqual(['AWSCURRENT']);
    }
  });

  it('keeps secrets across a restart and never writes a value in plaintext', async () => {
    const marker = 'PLAINTEXT-MARKER-d41d8cd98f00';
    await sm(server).send(new CreateSecretCommand({ Name: 'persisted', SecretString: marker }));
    await server.restart();
    expect((await sm(server).send(new GetSecretValueCommand({ SecretId: 'persisted' }))).SecretString).toBe(marker);
    await server.stop();
    const needles = [Buffer.from(marker), Buffer.from(Buffer.from(marker).toString('base64'))];
    const scan = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) scan(p);
        else for (const n of needles) expect(fs.readFileSync(p).includes(n), p).toBe(false);
      }
    };
    scan(server.dataDir);
    await server.restart();
  });
});

describe('Secrets Manager end to end (dev mode clock)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dev: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('deletes, restores and purges when the deletion date passes', async () => {
    const c = sm(server);
    await c.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v' }));
    const del = await c.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }));
    expect(del.DeletionDate).toBeInstanceOf(Date);
    const recreate = await failure(c.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v' })));
    expect(recreate.message).toBe("You can't create this secret because a secret with this name is already scheduled for deletion.");
    await c.send(new RestoreSecretCommand({ SecretId: 'doomed' }));
    expect((await c.send(new GetSecretValueCommand({ SecretId: 'doomed' }))).SecretString).toBe('v');
    await c.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }));
    await server.advanceClock(6 * 86_400);
    expect((await c.send(new DescribeSecretCommand({ SecretId: 'doomed' }))).DeletedDate).toBeInstanceOf(Date);
    await server.advanceClock(2 * 86_400);
    const gone = await failure(c.send(new DescribeSecretCommand({ SecretId: 'doomed' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    const again = await c.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v2' }));
    expect(again.ARN).toContain(':secret:doomed-');
  });
});
