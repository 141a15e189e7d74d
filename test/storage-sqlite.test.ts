import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteBackend } from '../src/storage/sqlite.js';
import { storageConformance } from './storage/conformance.js';

storageConformance('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-sqlite-'));
  const backend = await openSqliteBackend(path.join(dir, 'coffer.db'));
  return {
    backend,
    cleanup: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
