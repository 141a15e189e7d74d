import type { Command } from 'commander';
import { StoredIdentity } from '../identity/identity-store-impl.js';
import { openData, runOffline, type DataFlags } from './open-data.js';

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('accounts and credentials');
  admin
    .command('create-account')
    .description('create a new account and print its root credentials (shared-credentials format)')
    .option('--data <dir>', 'data directory')
    .option('--storage <spec>', 'sqlite (default) or a postgres:// URL')
    .option('--profile <name>', 'profile name in the printed credentials', 'default')
    .action((flags: DataFlags & { profile: string }) =>
      runOffline(async () => {
        const data = await openData(flags);
        try {
          const identity = new StoredIdentity(data.store, data.bus);
          const account = await identity.createAccount();
          const key = await identity.createRootAccessKey(account.id);
          process.stdout.write(
            `# account ${account.id}\n[${flags.profile}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`,
          );
        } finally {
          await data.backend.close();
        }
      }),
    );
}
