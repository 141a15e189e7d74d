/**
 * Serializable transactions fail instead of waiting when they conflict; running them
 * again is the expected way to proceed. Retries are bounded and spread out with full
 * jitter so contending nodes do not collide again in lockstep.
 */
export interface RetryPolicy {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  /** Upper bound of the first backoff, ms; doubles on every attempt. */
  baseDelayMs: number;
  /** Largest backoff, ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 40, baseDelayMs: 2, maxDelayMs: 250 };

/** serialization_failure and deadlock_detected: the transaction did nothing and may run again. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);

export function sqlState(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && RETRYABLE_CODES.has(code);
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export class TransactionConflictError extends Error {
  constructor(attempts: number, cause: unknown) {
    super(`transaction still conflicting with concurrent transactions after ${attempts} attempts`, { cause });
    this.name = 'TransactionConflictError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds or fails with a non-retryable error, or attempts run out. */
export async function withRetry<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (n + 1 >= policy.maxAttempts) throw new TransactionConflictError(n + 1, err);
      await sleep(backoffDelay(policy, n));
    }
  }
}
