import path from 'node:path';

/** Parsed once from flags and environment; typed everywhere else. */
export interface Config {
  host: string;
  port: number;
  /** Directory for root.key, admin-credentials and (by default) the SQLite database. */
  dataDir: string;
  /** Storage location: 'sqlite' (in dataDir), 'memory', or a postgres:// URL. */
  storage: string;
  /** Dev mode: signatures parsed but not verified, access key id picks the account. */
  dev: boolean;
  /** Account used in dev mode when the access key id is not 12 digits. */
  devAccount: string;
  /** Enforce IAM policies in dev mode too. */
  enforceIam: boolean;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Interval of the background sweeper (key deletion, secret purge, rotation), ms. */
  sweepIntervalMs: number;
  /** Quiet mode turns off the per-request audit lines (tests keep them on). */
  audit: boolean;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4566,
  dataDir: './.coffer-data',
  devAccount: '000000000000',
  maxBodyBytes: 1024 * 1024,
  sweepIntervalMs: 60_000,
} as const;

export function resolveDataDir(dir: string): string {
  return path.resolve(dir);
}
