import type Database from 'better-sqlite3';
import type { ListOptions, ListPage, StorageWriter } from './backend.js';
import type { KvStatements } from './sqlite-statements.js';

/** Most jobs one commit carries, so the first caller in a busy stream still gets an answer soon. */
const MAX_GROUP = 512;

type Job =
  | { kind: 'put'; key: string; value: Uint8Array; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  | { kind: 'delete'; key: string; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  | { kind: 'tx'; fn: (tx: StorageWriter) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };

interface Done {
  job: Job;
  result: unknown;
}

/**
 * Serializes every write through one connection and commits them in groups.
 *
 * Jobs waiting when a group starts (and those arriving while it runs) execute one
 * after another inside a single BEGIN IMMEDIATE ... COMMIT, so the group costs one
 * fsync. A transaction's writes are held back until its fn resolves and then written
 * at once, so a later one sees the earlier ones' writes, and one whose fn throws
 * contributes nothing; one that lists keys runs under a SAVEPOINT instead (its writes
 * must show in the listing), rolled back to it when fn throws. A write that fails
 * half-way fails the whole group. Callers are answered only once the COMMIT is on disk,
 * and a crash before it leaves none of the group behind (SQLite ignores WAL frames
 * without a commit record). Readers use another connection and so only ever see
 * committed groups.
 *
 * With `syncWal`, the connection runs with synchronous=NORMAL and the flush to disk is
 * that function's (an fdatasync of the WAL on libuv's thread pool): the event loop goes
 * on with the next group's work while the disk flushes, and one flush answers every
 * group committed before it began. Until then a committed group is readable by this
 * process but not yet acknowledged; a dependent write lands later in the same WAL and
 * so is never durable without it. A failed flush is final: nothing more is written or
 * acknowledged (a flush cannot be retried safely), and a restart recovers what the
 * disk holds.
 */
export class GroupCommitter {
  private readonly queue: Job[] = [];
  private scheduled = false;
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;
  /** Commits made and jobs they carried (tests and benchmarks read these). */
  readonly stats = { commits: 0, jobs: 0, flushes: 0 };
  /** Committed, waiting for the next flush. */
  private unflushed: Done[] = [];
  private flushing = false;
  private failed: Error | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly kv: KvStatements,
    private readonly syncWal?: () => Promise<void>,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT tx');
    this.release = db.prepare('RELEASE tx');
    this.rollbackTo = db.prepare('ROLLBACK TO tx');
  }

  put(key: string, value: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'put', key, value, resolve: () => resolve(), reject }));
  }

  delete(key: string): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'delete', key, resolve: () => resolve(), reject }));
  }

  transaction<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) =>
      this.enqueue({ kind: 'tx', fn, resolve: resolve as (v: unknown) => void, reject }),
    );
  }

  /** Resolves once every job queued so far has been answered. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.running && !this.scheduled && this.queue.length === 0 && !this.flushing && this.unflushed.length === 0;
  }

  private wakeIdleWaiters(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private enqueue(job: Job): void {
    if (this.failed) {
      job.reject(this.failed);
      return;
    }
    this.queue.push(job);
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // The group starts at the end of the turn after this one. Requests are read and prepared
    // in the poll phase; a group started at the end of the same turn holds only what one poll
    // phase read, and under load the clients then split into two cohorts that commit and
    // flush in alternation for good (about 7 writes per commit at 16 connections). With one
    // more turn a group holds what two poll phases read and the cohorts merge (about 16 per
    // commit, 11-15 % less CPU per durable CreateSecret). An idle server pays one more loop
    // iteration: the poll phase does not block while an immediate is pending.
    setImmediate(() => setImmediate(() => void this.drain()));
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runGroup();
    } finally {
      this.running = false;
      this.wakeIdleWaiters();
    }
  }

  /** Answers the committed groups once a flush begun after their COMMIT has finished. */
  private flush(): void {
    if (this.flushing || this.unflushed.length === 0) return;
    const batch = this.unflushed;
    this.unflushed = [];
    this.flushing = true;
    this.syncWal!().then(
      () => {
        this.stats.flushes++;
        for (const d of batch) d.job.resolve(d.result);
      },
      (err: unknown) => {
        this.failed = new Error(`storage flush to disk failed; restart coffer: ${err instanceof Error ? err.message : String(err)}`);
        for (const d of batch) d.job.reject(this.failed);
        for (const d of this.unflushed.splice(0)) d.job.reject(this.failed);
        for (const job of this.queue.splice(0)) job.reject(this.failed);
      },
    ).finally(() => {
      this.flushing = false;
      this.flush();
      this.wakeIdleWaiters();
    });
  }

  private async runGroup(): Promise<void> {
    if (this.failed) {
      for (const job of this.queue.splice(0)) job.reject(this.failed);
      return;
    }
    try {
      this.begin.run();
    } catch (err) {
      // Could not get the write lock (another process held it past busy_timeout).
      for (const job of this.queue.splice(0)) job.reject(err);
      return;
    }
    const done: Done[] = [];
    let taken = 0;
    while (this.queue.length > 0 && taken < MAX_GROUP) {
      const job = this.queue.shift() as Job;
      taken++;
      const ok = await this.runJob(job, done);
      if (!this.db.inTransaction) {
        // SQLite abandoned the whole transaction (I/O error, disk full): nothing
        // of this group survives, so nobody in it may be told it committed.
        const err = new Error('storage write failed: the database rolled back the transaction');
        for (const d of done) d.job.reject(err);
        if (ok) job.reject(err);
        return;
      }
    }
    try {
      this.commit.run();
    } catch (err) {
      if (this.db.inTransaction) this.rollback.run();
      for (const d of done) d.job.reject(err);
      return;
    }
    this.stats.commits++;
    this.stats.jobs += done.length;
    if (!this.syncWal) {
      for (const d of done) d.job.resolve(d.result);
      return;
    }
    for (const d of done) this.unflushed.push(d);
    this.flush();
  }

  /** Runs one job inside the open group; failures are answered at once, successes after COMMIT. */
  private async runJob(job: Job, done: Done[]): Promise<boolean> {
    if (job.kind !== 'tx') {
      try {
        if (job.kind === 'put') this.kv.put(job.key, job.value);
        else this.kv.delete(job.key);
      } catch (err) {
        job.reject(err);
        return false;
      }
      done.push({ job, result: undefined });
      return true;
    }
    const tx = new GroupTransaction(this.kv, () => this.savepoint.run());
    let result: unknown;
    try {
      result = await job.fn(tx);
    } catch (err) {
      tx.finish();
      if (tx.underSavepoint && this.db.inTransaction) {
        this.rollbackTo.run();
        this.release.run();
      }
      job.reject(err);
      return false;
    }
    tx.finish();
    try {
      if (tx.underSavepoint) this.release.run();
      else tx.apply();
    } catch (err) {
      // Part of this transaction may be in the group: none of the group may commit.
      if (this.db.inTransaction) this.rollback.run();
      job.reject(err);
      return false;
    }
    done.push({ job, result });
    return true;
  }
}

/**
 * A transaction's view: the write connection, inside the group's open transaction. Writes
 * wait in `pending` (reads see them first) until apply(); a listing would have to merge
 * them, so the first list() opens a savepoint, writes them through and from then on
 * writes go straight to SQLite.
 */
class GroupTransaction implements StorageWriter {
  private active = true;
  /** Key -> value to write, or null to delete. */
  private pending: Map<string, Uint8Array | null> | undefined;
  underSavepoint = false;

  constructor(
    private readonly kv: KvStatements,
    private readonly openSavepoint: () => void,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    this.check();
    const held = this.pending?.get(key);
    if (held !== undefined) return held === null ? undefined : Buffer.from(held);
    return this.kv.get(key);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.check();
    if (!this.underSavepoint) {
      this.openSavepoint();
      this.underSavepoint = true;
      this.apply();
    }
    return this.kv.list(prefix, options);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.check();
    if (this.underSavepoint) this.kv.put(key, value);
    // A copy, as SQLite would have taken: the caller may reuse its buffer.
    else (this.pending ??= new Map()).set(key, Buffer.from(value));
  }

  async delete(key: string): Promise<void> {
    this.check();
    if (this.underSavepoint) this.kv.delete(key);
    else (this.pending ??= new Map()).set(key, null);
  }

  /** Writes what is held back. */
  apply(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    for (const [key, value] of pending) {
      if (value === null) this.kv.delete(key);
      else this.kv.put(key, value);
    }
  }

  finish(): void {
    this.active = false;
  }

  private check(): void {
    // A transaction object used after its fn settled would write into whichever
    // group happens to be open then.
    if (!this.active) throw new Error('transaction already finished');
  }
}
