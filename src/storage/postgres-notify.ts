import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { InvalidationBus } from '../server/invalidation.js';
import { quoteIdent } from './postgres-url.js';

/**
 * Carries cache invalidations between coffer nodes on one database with
 * LISTEN/NOTIFY. Outgoing: a transaction that announces a change queues its NOTIFY
 * inside itself (within), so it is delivered exactly when the change commits; what is
 * published on the bus outside a transaction goes through the relay (a NOTIFY on the
 * listening connection, or through the pool while that one is down). Incoming:
 * one dedicated connection LISTENs (a pooled connection would be handed to queries
 * and lose its LISTEN), delivers other nodes' notifications to the bus, and skips
 * this node's own, which the bus has already delivered locally.
 */

/**
 * Delivered locally after the listening connection was lost and re-established:
 * notifications sent in between are gone, so every cache must assume anything
 * changed. 'reset' is the topic on which every cache already drops everything.
 */
export const INVALIDATE_ALL = { topic: 'reset', key: '*' } as const;

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7999;
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 10_000;
const RECONNECT_MIN_MS = 50;
const RECONNECT_MAX_MS = 5_000;

interface Payload {
  n: string;
  t: string;
  k: string;
}

export interface NotifierOptions {
  connectionString: string;
  schema: string;
  bus: InvalidationBus;
  /** Distinguishes this node's own notifications; random by default. */
  nodeId?: string;
  /** Where failures to send or listen are reported; never thrown at the publisher. */
  onError?: (err: Error) => void;
}

/** One channel per schema, so separate coffer deployments on one database do not mix. */
export function channelFor(schema: string): string {
  return `coffer_invalidate_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

export class PostgresNotifier {
  readonly channel: string;
  readonly nodeId: string;
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = RECONNECT_MIN_MS;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly reportError: (err: Error) => void;
  /** Counts established LISTEN connections; tests and operators can watch reconnects. */
  connections = 0;
  /** Server process of the current LISTEN connection (pg_stat_activity.pid). */
  listenerPid: number | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly opts: NotifierOptions,
  ) {
    this.channel = channelFor(opts.schema);
    this.nodeId = opts.nodeId ?? randomUUID();
    this.reportError =
      opts.onError ?? ((err) => console.warn(`coffer: cache invalidation across nodes: ${err.message}`));
  }

  /** Resolves once LISTEN is active, so nothing published after open is missed. */
  static async start(pool: pg.Pool, opts: NotifierOptions): Promise<PostgresNotifier> {
    const notifier = new PostgresNotifier(pool, opts);
    await notifier.listen();
    opts.bus.setRelay((topic, key) => notifier.publish(topic, key));
    notifier.pingTimer = setInterval(() => notifier.ping(), PING_INTERVAL_MS);
    notifier.pingTimer.unref();
    return notifier;
  }

  /**
   * Queues the notification inside the caller's open transaction: PostgreSQL delivers it
   * when, and only if, that transaction commits.
   */
  async within(tx: { query(text: string, values?: unknown[]): Promise<unknown> }, topic: string, key: string): Promise<void> {
    const payload = this.payload(topic, key);
    if (payload !== undefined) await tx.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
  }

  private payload(topic: string, key: string): string | undefined {
    const payload = JSON.stringify({ n: this.nodeId, t: topic, k: key } satisfies Payload);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.reportError(new Error(`invalidation for topic ${topic} is too long to send (${payload.length} bytes)`));
      return undefined;
    }
    return payload;
  }

  /** Sends to the other nodes; failures go to onError, never to the caller (the promise never rejects). */
  publish(topic: string, key: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    const payload = this.payload(topic, key);
    if (payload === undefined) return undefined;
    // The listening connection is idle, so the NOTIFY goes onto the wire now, before the
    // caller can answer its client, instead of queueing behind busy pooled transactions.
    // If that connection fails under it, the pool sends it: the other nodes must hear.
    const notify = (via: pg.Pool | pg.Client): Promise<unknown> => via.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
    const listener = this.client;
    const sent: Promise<void> = (listener ? notify(listener).catch(() => notify(this.pool)) : notify(this.pool)).then(
      () => undefined,
      (err: Error) => this.reportError(err),
    );
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
    return sent;
  }

  /** Resolves when every notification published so far has been handed to PostgreSQL. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.opts.bus.setRelay(() => undefined);
    await this.flush();
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.connectionString,
      keepAlive: true,
      fallback_application_name: 'coffer-listen',
    });
    client.on('notification', (msg) => this.receive(msg));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('listening connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
      const res = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      this.listenerPid = res.rows[0]?.pid;
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.connections++;
    if (this.connections > 1) this.opts.bus.deliver(INVALIDATE_ALL.topic, INVALIDATE_ALL.key);
  }

  private receive(msg: pg.Notification): void {
    if (msg.channel !== this.channel || msg.payload === undefined) return;
    let p: Partial<Payload>;
    try {
      p = JSON.parse(msg.payload) as Partial<Payload>;
    } catch {
      return;
    }
    if (p.n === this.nodeId || typeof p.t !== 'string' || typeof p.k !== 'string') return;
    this.opts.bus.deliver(p.t, p.k);
  }

  /** A connection that errs, ends or stops answering is dropped and replaced. */
  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listenerPid = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.reportError(new Error(`lost the listening connection (${err.message}); reconnecting`));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(RECONNECT_MAX_MS, this.reconnectDelay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen().catch((err: Error) => {
        this.reportError(new Error(`cannot re-establish the listening connection: ${err.message}`));
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private ping(): void {
    const client = this.client;
    if (!client) return;
    const timer = setTimeout(() => this.lost(client, new Error('no answer to ping')), PING_TIMEOUT_MS);
    timer.unref();
    client.query('SELECT 1').then(
      () => clearTimeout(timer),
      (err: Error) => {
        clearTimeout(timer);
        this.lost(client, err);
      },
    );
  }
}
