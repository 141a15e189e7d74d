import { describe, it } from 'vitest';
import { openPostgresBackend } from '../../src/storage/postgres.js';
import { storageConformance } from '../storage/conformance.js';
import { HOW_TO_RUN, dropSchema, pgAvailable, PG_URL, uniqueSchema } from './pg-test-db.js';

if (pgAvailable) {
  storageConformance('postgres', async () => {
    const schema = uniqueSchema('conf');
    const backend = await openPostgresBackend(PG_URL, { schema });
    return {
      backend,
      cleanup: async () => {
        await backend.close();
        await dropSchema(schema);
      },
    };
  });
} else {
  describe('storage conformance: postgres', () => {
    it.skip(HOW_TO_RUN, () => undefined);
  });
}
