import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  type SecretVersionsListEntry,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { openBarrier } from '../../src/crypto/barrier.js';
import { openPostgresBackend } from '../../src/storage/postgres.js';
import type { TestServer } from '../helpers/server.js';
import { rawRecords, rotateKeyring, sealedTerm, type Cluster } from './cluster.js';

/** No retries: a conflict the server failed to absorb must show, not be papered over by the SDK. */
const sm = (node: TestServer, credentials = node.credentials) =>
  new SecretsManagerClient({ endpoint: node.endpoint, region: node.region, credentials, maxAttempts: 1 });

/** Polls for up to a second: a change reaches another node's caches through one notification. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > 1000) throw new Error('not seen on the other node within 1 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function allVersions(client: SecretsManagerClient, secretId: string): Promise<SecretVersionsListEntry[]> {
  const out: SecretVersionsListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true, MaxResults: 100, NextToken }));
    out.push(...(page.Versions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Secrets Manager through several nodes on one database. */
export function secretsManagerAcrossNodes(cluster: Cluster): void {
  describe('Secrets Manager across nodes', () => {
    it('a secret written through node A is read through node B at once', async () => {
      const [a, b, c] = cluster.nodes;
      await sm(a!).send(new CreateSecretCommand({ Name: 'shared/db', SecretString: 'first' }));
      expect((await sm(b!).send(new GetSecretValueCommand({ SecretId: 'shared/db' }))).SecretString).toBe('first');
      await sm(c!).send(new PutSecretValueCommand({ SecretId: 'shared/db', SecretString: 'second' }));
      expect((await sm(a!).send(new GetSecretValueCommand({ SecretId: 'shared/db' }))).SecretString).toBe('second');
      expect((await sm(b!).send(new GetSecretValueCommand({ SecretId: 'shared/db' }))).SecretString).toBe('second');
    });

    it("a secret created or deleted through node A shows in node B's listing moments later", async () => {
      const [a, b] = cluster.nodes;
      const listed = async (): Promise<string[]> =>
        ((await sm(b!).send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['listed/'] }] }))).SecretList ?? []).map((x) => x.Name!);
      // B's catalog is built before the changes, so only the invalidations can bring them.
      expect(await listed()).toEqual([]);
      await sm(a!).send(new CreateSecretCommand({ Name: 'listed/one', SecretString: 'v' }));
      await until(async () => (await listed()).includes('listed/one'));
      await sm(a!).send(new DeleteSecretCommand({ SecretId: 'listed/one', ForceDeleteWithoutRecovery: true }));
      await until(async () => (await listed()).length === 0);
    });

    it('3 nodes x 50 concurrent PutSecretValue on one secret lose no write', async () => {
      const [a, b, c] = cluster.nodes;
      const clients = [sm(a!), sm(b!), sm(c!)];
      await clients[0]!.send(new CreateSecretCommand({ Name: 'contended', SecretString: 'v-initial' }));
      const written = Array.from({ length: 150 }, (_, i) => `v-${i}`);
      await Promise.all(
        written.map((value, i) => clients[i % 3]!.send(new PutSecretValueCommand({ SecretId: 'contended', SecretString: value }))),
      );
      const versions = await allVersions(clients[1]!, 'contended');
      expect(versions).toHaveLength(151);
      expect(versions.filter((v) => v.VersionStages?.includes('AWSCURRENT'))).toHaveLength(1);
      expect(versions.filter((v) => v.VersionStages?.includes('AWSPREVIOUS'))).toHaveLength(1);
      const current = await clients[2]!.send(new GetSecretValueCommand({ SecretId: 'contended' }));
      const previous = await clients[0]!.send(new GetSecretValueCommand({ SecretId: 'contended', VersionStage: 'AWSPREVIOUS' }));
      expect(written).toContain(current.SecretString);
      expect(written).toContain(previous.SecretString);
      expect(previous.SecretString).not.toBe(current.SecretString);
      // Every write is there, each as its own version.
      const values = await Promise.all(
        versions.map(async (v) => (await clients[0]!.send(new GetSecretValueCommand({ SecretId: 'contended', VersionId: v.VersionId }))).SecretString),
      );
      expect(new Set(values)).toEqual(new Set(['v-initial', ...written]));
    });

    it('keyring rotation done through one node is used by the others', async () => {
      const [, b, c] = cluster.nodes;
      const term = await rotateKeyring(cluster);
      for (const [node, name] of [[b!, 'after-rotation/b'], [c!, 'after-rotation/c']] as const) {
        const before = await rawRecords(cluster.schema);
        await sm(node).send(new CreateSecretCommand({ Name: name, SecretString: 'sealed under the new term' }));
        const changed = [...(await rawRecords(cluster.schema))].filter(([k, v]) => before.get(k) !== v);
        expect(changed.length).toBeGreaterThan(0);
        for (const [, v] of changed) expect(sealedTerm(v)).toBe(term);
        expect((await sm(node).send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('sealed under the new term');
      }
    });

    it('killing a node in the middle of writes leaves no partial record', async () => {
      const [a] = cluster.nodes;
      const doomed = await cluster.start();
      const client = sm(doomed, a!.credentials);
      const acknowledged: string[] = [];
      const writes = Array.from({ length: 60 }, (_, i) =>
        client
          .send(new CreateSecretCommand({ Name: `crash/${i}`, SecretString: `value-${i}` }))
          .then(() => acknowledged.push(`crash/${i}`))
          .catch(() => undefined),
      );
      // Kill once some writes are through and others still in flight.
      while (acknowledged.length < 5) await new Promise((r) => setTimeout(r, 5));
      const exited = new Promise((r) => doomed.process.once('exit', r));
      doomed.process.kill('SIGKILL');
      await exited;
      // Gone for good: stop() has nothing left to do.
      cluster.nodes.splice(cluster.nodes.indexOf(doomed), 1);
      await Promise.all(writes);

      // Every acknowledged write survived, and every secret that exists is whole.
      const listed: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await sm(a!).send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['crash/'] }], NextToken }));
        listed.push(...(page.SecretList ?? []).map((s) => s.Name!));
        NextToken = page.NextToken;
      } while (NextToken);
      expect(listed).toEqual(expect.arrayContaining(acknowledged));
      for (const name of listed) {
        const got = await sm(a!).send(new GetSecretValueCommand({ SecretId: name }));
        expect(got.SecretString).toBe(`value-${name.slice('crash/'.length)}`);
      }

      // Below the API too: every stored record opens under the barrier.
      const backend = await openPostgresBackend(cluster.url);
      try {
        const barrier = await openBarrier(backend, Buffer.from(cluster.rootKey, 'base64'));
        const records = await rawRecords(cluster.schema);
        for (const [key, hex] of records) {
          if (key === 'core/keyring') continue;
          await expect(barrier.open(key, Buffer.from(hex, 'hex'))).resolves.toBeInstanceOf(Buffer);
        }
      } finally {
        await backend.close();
      }
    });
  });
}
