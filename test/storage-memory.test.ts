import { MemoryBackend } from '../src/storage/memory.js';
import { storageConformance } from './storage/conformance.js';

storageConformance('memory', async () => {
  const backend = new MemoryBackend();
  return { backend, cleanup: () => backend.close() };
});
