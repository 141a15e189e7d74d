import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { Command } from 'commander';
import { DEFAULTS, resolveDataDir, type Config } from '../config.js';
import { startCoffer } from '../server/app.js';
import { ADMIN_CREDENTIALS_FILE } from '../server/bootstrap.js';
import { say } from '../server/log.js';

interface ServerFlags {
  host: string;
  port: string;
  data?: string;
  storage?: string;
  dev?: boolean;
  account: string;
  enforceIam?: boolean;
  audit: boolean;
}

const DEV_BANNER = [
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  '!! DEV MODE: request signatures are NOT verified; any access key is accepted. !!',
  '!! State can be wiped with POST /_coffer/reset. Never use this for real keys.  !!',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
];

/**
 * V8 lets the old generation grow to about four times what survived the last full
 * collection before it collects again. The server holds a large, long-lived catalog (90 MB at
 * 100k secrets) and requests promote a little garbage steadily, so RSS would climb towards
 * 400 MB between collections. Growing by 25 % instead keeps it near 250 MB at 100k secrets,
 * and under 300 MB at the peak of creating them and listing (299 MiB at 40 %, 280 MiB at
 * 25 %), for about one more 16-20 ms collection every second under full load (filtered
 * ListSecrets at 100k: 3 % more CPU per page). V8 reads this flag whenever it sets the next
 * limit, so setting it at start-up takes effect; an explicit --heap-growing-percent on the
 * node command line wins.
 */
function boundHeapGrowth(): void {
  if (process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) return;
  v8.setFlagsFromString('--heap-growing-percent=25');
}

export function registerServer(program: Command): void {
  program
    .command('server')
    .description('run the coffer server')
    .option('--host <host>', 'address to listen on', DEFAULTS.host)
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEFAULTS.port))
    .option('--data <dir>', `data directory (default ${DEFAULTS.dataDir}; a temporary one with --dev)`)
    .option('--storage <spec>', 'sqlite (default), memory, or a postgres:// URL (also COFFER_DATABASE_URL)')
    .option('--dev', 'development mode: signatures not verified, access key id picks the account')
    .option('--account <id>', 'account for dev-mode requests whose access key id is not 12 digits', DEFAULTS.devAccount)
    .option('--enforce-iam', 'evaluate IAM policies in dev mode too')
    .option('--no-audit', 'do not write an audit line per request')
    .action(async (flags: ServerFlags) => {
      boundHeapGrowth();
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port '${flags.port}'`);
      if (!/^\d{12}$/.test(flags.account)) fail(`--account must be 12 digits, got '${flags.account}'`);
      const dev = flags.dev === true;
      const dataDir = flags.data
        ? resolveDataDir(flags.data)
        : dev
          ? fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-dev-'))
          : resolveDataDir(DEFAULTS.dataDir);
      const config: Config = {
        host: flags.host,
        port,
        dataDir,
        storage: flags.storage ?? process.env.COFFER_DATABASE_URL ?? 'sqlite',
        dev,
        devAccount: flags.account,
        enforceIam: flags.enforceIam === true,
        maxBodyBytes: DEFAULTS.maxBodyBytes,
        sweepIntervalMs: Number(process.env.COFFER_SWEEP_INTERVAL_MS ?? DEFAULTS.sweepIntervalMs),
        audit: flags.audit,
      };
      if (dev) for (const line of DEV_BANNER) say(line);
      // Handlers go in before anything is announced: a signal that arrives between the
      // ready line and their installation would otherwise kill the process uncleanly.
      const lifecycle: { stopRequested: boolean; stop?: () => Promise<void> } = { stopRequested: false };
      const shutdown = (): void => {
        if (lifecycle.stopRequested) return;
        lifecycle.stopRequested = true;
        setTimeout(() => process.exit(1), 15_000).unref();
        if (lifecycle.stop) void lifecycle.stop().then(() => process.exit(0));
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
      let running;
      try {
        running = await startCoffer(config);
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
      lifecycle.stop = running.stop;
      if (lifecycle.stopRequested) return void running.stop().then(() => process.exit(0));
      if (running.createdAccount) {
        say(`created account ${running.account}; admin credentials written to ${path.join(dataDir, ADMIN_CREDENTIALS_FILE)}`);
      }
      say(`coffer ready on ${running.endpoint} (account ${running.account}, data ${dataDir}${dev ? ', DEV MODE' : ''})`);
    });
}

function fail(message: string): never {
  process.stderr.write(`coffer: ${message}\n`);
  process.exit(2);
}
