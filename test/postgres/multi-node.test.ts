import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServer } from '../helpers/server.js';
import { dropSchema, HOW_TO_RUN, pgAvailable, uniqueSchema, urlWithSchema } from './pg-test-db.js';
import { rawRecords, rotateKeyring, type Cluster } from './cluster.js';
import { secretsManagerAcrossNodes } from './multi-node-secrets.js';

/**
 * Several real coffer processes on one PostgreSQL schema, as behind a load
 * balancer: one root key (COFFER_ROOT_KEY), one data directory for the admin
 * credentials the first node writes.
 */
const run = promisify(execFile);

describe.skipIf(!pgAvailable)('several coffer nodes on one PostgreSQL database', () => {
  const cluster: Cluster = {
    schema: uniqueSchema('nodes'),
    url: '',
    rootKey: randomBytes(32).toString('base64'),
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-nodes-')),
    nodes: [],
    async start(env = {}) {
      const node = await startServer({
        dataDir: this.dataDir,
        args: ['--storage', this.url],
        env: { COFFER_ROOT_KEY: this.rootKey, ...env },
      });
      this.nodes.push(node);
      return node;
    },
  };
  cluster.url = urlWithSchema(cluster.schema);
  const extraSchemas: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
    // The first node creates the account and writes admin-credentials; the others find both.
    await cluster.start();
    await Promise.all([cluster.start(), cluster.start()]);
  });

  afterAll(async () => {
    try {
      await Promise.all(cluster.nodes.map((n) => n.stop()));
    } finally {
      fs.rmSync(cluster.dataDir, { recursive: true, force: true });
      for (const s of [cluster.schema, ...extraSchemas]) await dropSchema(s);
    }
  });

  it('every node answers for the same account with the same credentials', async () => {
    const [a, b, c] = cluster.nodes;
    expect(new Set([a!.account, b!.account, c!.account]).size).toBe(1);
    for (const node of [a!, b!, c!]) {
      const sts = new STSClient({ endpoint: node.endpoint, region: node.region, credentials: a!.credentials });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me.Account).toBe(a!.account);
    }
  });

  it('credentials the operator creates against the database work on every node at once', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'admin', 'create-account', '--data', cluster.dataDir, '--storage', cluster.url], {
      env: { ...process.env, COFFER_ROOT_KEY: cluster.rootKey },
    });
    const account = /# account (\d{12})/.exec(stdout)?.[1];
    const accessKeyId = /aws_access_key_id = (\S+)/.exec(stdout)?.[1];
    const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(stdout)?.[1];
    expect(account).toBeDefined();
    for (const node of cluster.nodes) {
      const sts = new STSClient({ endpoint: node.endpoint, region: node.region, credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! } });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(account);
    }
  });

  // IAM is eventually consistent in AWS too; coffer answers the delete only after the
  // change is on its way to the other nodes, so the window is the time node C takes to
  // read one notification: the key must be refused within moments, never much later.
  it('an access key deleted through node A is refused by node C moments later', async () => {
    const [a, b, c] = cluster.nodes;
    const iam = new IAMClient({ endpoint: a!.endpoint, region: a!.region, credentials: a!.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'leaver' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'leaver' }))).AccessKey!;
    const asLeaver = (node: typeof a) =>
      new STSClient({
        endpoint: node!.endpoint,
        region: node!.region,
        credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
        maxAttempts: 1,
      }).send(new GetCallerIdentityCommand({}));
    // Every node has now authenticated (and cached) the key.
    for (const node of [a, b, c]) expect((await asLeaver(node)).Arn).toBe(`arn:aws:iam::${a!.account}:user/leaver`);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'leaver', AccessKeyId: key.AccessKeyId! }));
    const deleted = Date.now();
    let refused: Error | undefined;
    while (!refused && Date.now() - deleted < 1000) {
      refused = await asLeaver(c).then(
        () => undefined,
        (e: Error) => e,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 5));
    }
    expect(refused?.name).toBe('InvalidClientTokenId');
  });

  it('a node started with another root key refuses to start, says why, and writes nothing', async () => {
    const before = await rawRecords(cluster.schema);
    const wrong = randomBytes(32).toString('base64');
    const err = await cluster.start({ COFFER_ROOT_KEY: wrong }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/root key does not open/);
    expect(err?.message).not.toContain(wrong);
    expect(await rawRecords(cluster.schema)).toEqual(before);
  });

  it('nodes started at once on an empty database agree on one account', async () => {
    const schema = uniqueSchema('first');
    extraSchemas.push(schema);
    const rootKey = randomBytes(32).toString('base64');
    const dirs = [1, 2, 3].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-first-')));
    const nodes = await Promise.all(
      dirs.map((dataDir) => startServer({ dataDir, args: ['--storage', urlWithSchema(schema)], env: { COFFER_ROOT_KEY: rootKey } })),
    );
    try {
      expect(new Set(nodes.map((n) => n.account)).size).toBe(1);
      const accounts = [...(await rawRecords(schema)).keys()].filter((k) => k.startsWith('iam/accounts/'));
      expect(accounts).toHaveLength(1);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('the operator command rotates the keyring of a running cluster', async () => {
    const before = sealedKeyring(await rawRecords(cluster.schema));
    const term = await rotateKeyring(cluster);
    expect(term).toBeGreaterThan(1);
    expect(sealedKeyring(await rawRecords(cluster.schema))).not.toBe(before);
  });

  secretsManagerAcrossNodes(cluster);
});

function sealedKeyring(records: Map<string, string>): string | undefined {
  return records.get('core/keyring');
}

if (!pgAvailable) {
  describe('several coffer nodes on one PostgreSQL database', () => {
    it.skip(HOW_TO_RUN, () => undefined);
  });
}
