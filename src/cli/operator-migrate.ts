import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { SQLITE_FILE } from '../server/storage.js';
import { migrateSqliteToPostgres } from '../storage/migrate-sqlite-to-postgres.js';
import { isPostgresUrl } from '../storage/postgres-url.js';
import { runOffline } from './open-data.js';

interface MigrateFlags {
  from: string;
  to: string;
  force?: boolean;
}

/** `coffer operator migrate --from <sqlite path> --to <postgres url>` */
export function registerOperatorMigrate(operator: Command): void {
  operator
    .command('migrate')
    .description(
      'copy every record of a SQLite store to PostgreSQL byte for byte (records stay encrypted) and verify the copy; stop the server first',
    )
    .requiredOption('--from <sqlite path>', `the SQLite database, or the data directory holding ${SQLITE_FILE}`)
    .addOption(
      new Option('--to <postgres url>', 'destination: postgres://user@host:port/database[?schema=name]')
        .env('COFFER_DATABASE_URL')
        .makeOptionMandatory(),
    )
    .option('--force', 'replace whatever coffer records the destination already holds')
    .action((flags: MigrateFlags) =>
      runOffline(async () => {
        if (!isPostgresUrl(flags.to)) throw new Error('--to must be a postgres:// or postgresql:// URL');
        const from = sqliteFile(flags.from);
        let reported = 0;
        const result = await migrateSqliteToPostgres(from, flags.to, {
          force: flags.force === true,
          onProgress: (copied) => {
            if (copied - reported >= 10_000) {
              reported = copied;
              process.stderr.write(`copied ${copied} records...\n`);
            }
          },
        });
        process.stdout.write(
          `copied ${result.count} records from ${from} to ${result.destination}\n` +
            `verified: ${result.count} records, sha256 ${result.checksum}\n` +
            'start every node with the same root key as the source (root.key of its data directory, or COFFER_ROOT_KEY)\n',
        );
      }),
    );
}

function sqliteFile(from: string): string {
  const resolved = path.resolve(from);
  return fs.existsSync(resolved) && fs.statSync(resolved).isDirectory() ? path.join(resolved, SQLITE_FILE) : resolved;
}
