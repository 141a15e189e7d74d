import type { Command } from 'commander';
import { rotateKeyring } from '../crypto/barrier.js';
import { openData, runOffline, type DataFlags } from './open-data.js';
import { registerOperatorMigrate } from './operator-migrate.js';

export function registerOperator(program: Command): void {
  const operator = program.command('operator').description('operations on a data directory');
  operator
    .command('rotate-keyring')
    .description('add a new keyring term; new records use it, old records stay readable')
    .option('--data <dir>', 'data directory')
    .option('--storage <spec>', 'sqlite (default) or a postgres:// URL')
    .action((flags: DataFlags) =>
      runOffline(async () => {
        const data = await openData(flags);
        try {
          const term = await rotateKeyring(data.backend, data.rootKey, data.bus);
          process.stdout.write(`keyring rotated: term ${term} is now current\n`);
        } finally {
          await data.backend.close();
        }
      }),
    );
  registerOperatorMigrate(operator);
}
