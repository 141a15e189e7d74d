import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InvalidationBus } from '../../src/server/invalidation.js';
import { openPostgresBackend, type PostgresBackend } from '../../src/storage/postgres.js';
import { INVALIDATE_ALL } from '../../src/storage/postgres-notify.js';
import { adminQuery, dropSchema, eventually, HOW_TO_RUN, pgAvailable, PG_URL, uniqueSchema } from './pg-test-db.js';

interface Node {
  backend: PostgresBackend;
  bus: InvalidationBus;
  heard: string[];
  errors: Error[];
}

describe.skipIf(!pgAvailable)('postgres cache invalidation across nodes', () => {
  const schemas: string[] = [];
  const nodes: Node[] = [];

  async function startNodes(count: number, schema: string): Promise<Node[]> {
    const started = await Promise.all(
      Array.from({ length: count }, async () => {
        const bus = new InvalidationBus();
        const heard: string[] = [];
        const errors: Error[] = [];
        bus.subscribe((topic, key) => heard.push(`${topic}:${key}`));
        const backend = await openPostgresBackend(PG_URL, { schema, bus, onError: (e) => errors.push(e) });
        return { backend, bus, heard, errors };
      }),
    );
    nodes.push(...started);
    return started;
  }

  function fresh(): string {
    const s = uniqueSchema('notify');
    schemas.push(s);
    return s;
  }

  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.backend.close()));
  });
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  it('delivers what one node publishes to every other node, once each', async () => {
    const [a, b, c] = await startNodes(3, fresh());
    expect(a!.bus.relayed()).toBeUndefined();
    a!.bus.publish('access-key', 'AKIAEXAMPLE');
    const relayed = a!.bus.relayed();
    expect(relayed).toBeInstanceOf(Promise);
    await relayed;
    expect(a!.bus.relayed()).toBeUndefined();
    await eventually('b and c to hear it', () => b!.heard.length === 1 && c!.heard.length === 1);
    expect(b!.heard).toEqual(['access-key:AKIAEXAMPLE']);
    expect(c!.heard).toEqual(['access-key:AKIAEXAMPLE']);
    // Local delivery happens in publish; the node skips its own echo from PostgreSQL.
    c!.bus.publish('kms-key', 'k-1');
    await eventually('a to hear c', () => a!.heard.includes('kms-key:k-1'));
    await a!.backend.flushNotifications();
    b!.bus.publish('marker', 'last');
    await eventually('a to hear the marker', () => a!.heard.includes('marker:last'));
    expect(a!.heard).toEqual(['access-key:AKIAEXAMPLE', 'kms-key:k-1', 'marker:last']);
    expect(c!.heard.filter((h) => h === 'kms-key:k-1')).toHaveLength(1);
  });

  it('keeps deployments in different schemas apart', async () => {
    const [a, a2] = await startNodes(2, fresh());
    const [other, other2] = await startNodes(2, fresh());
    a!.bus.publish('policy', 'p');
    await a!.backend.flushNotifications();
    // PostgreSQL hands each listener notifications in commit order, so once other hears
    // this later marker, a's notification would have reached it first had it been on its channel.
    other2!.bus.publish('marker', 'o');
    await eventually('other to hear its own deployment', () => other!.heard.includes('marker:o'));
    await eventually('a2 to hear a', () => a2!.heard.includes('policy:p'));
    expect(other!.heard).toEqual(['marker:o']);
    expect(a2!.heard).toEqual(['policy:p']);
  });

  it('reconnects a dropped LISTEN connection and tells local caches to drop everything', async () => {
    const [a, b] = await startNodes(2, fresh());
    const pid = b!.backend.notifier!.listenerPid;
    expect(pid).toBeTypeOf('number');
    await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
    await eventually('b to listen again', () => b!.backend.notifier!.connections === 2);
    expect(b!.heard).toEqual([`${INVALIDATE_ALL.topic}:${INVALIDATE_ALL.key}`]);
    expect(b!.errors.map((e) => e.message).join('\n')).toMatch(/lost the listening connection/);
    a!.bus.publish('signing-key', 'AKIA2');
    await eventually('b to hear a after the reconnect', () => b!.heard.includes('signing-key:AKIA2'));
    // The pool kept working through it all.
    await a!.backend.put('x', Buffer.from('1'));
    expect(await b!.backend.get('x')).toEqual(Buffer.from('1'));
  });

  it('a change announced in a transaction reaches the other nodes with its commit, never on rollback, and needs no step after it', async () => {
    const [a, b] = await startNodes(2, fresh());
    // No relay after commit: only what the transaction itself carried can arrive.
    a!.bus.setRelay(() => undefined);
    await expect(
      a!.backend.transaction(async (tx) => {
        await tx.put('k', Buffer.from('v'));
        await tx.announce!('access-key', 'ROLLED-BACK');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    let heardBeforeCommit = false;
    await a!.backend.transaction(async (tx) => {
      await tx.put('k', Buffer.from('v'));
      await tx.announce!('access-key', 'COMMITTED');
      await new Promise((r) => setTimeout(r, 50));
      heardBeforeCommit = b!.heard.length > 0;
    });
    await eventually('b to hear the committed change', () => b!.heard.includes('access-key:COMMITTED'));
    expect(heardBeforeCommit).toBe(false);
    expect(b!.heard).toEqual(['access-key:COMMITTED']);
    // The node's own notification comes back to it over LISTEN and is skipped: local caches are told by the caller.
    expect(a!.heard).toEqual([]);
  });

  it('sends pending notifications before closing', async () => {
    const [a, b] = await startNodes(2, fresh());
    a!.bus.publish('keyring', 'rotated');
    await a!.backend.close();
    await eventually('b to hear the rotation', () => b!.heard.includes('keyring:rotated'));
  });
});

if (!pgAvailable) {
  describe('postgres cache invalidation across nodes', () => {
    it.skip(HOW_TO_RUN, () => undefined);
  });
}
