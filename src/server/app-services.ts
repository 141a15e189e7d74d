import type { SecureStore } from '../crypto/secure-store.js';
import type { Clock } from '../protocol/clock.js';
import type { InvalidationBus } from './invalidation.js';
import type { Config } from '../config.js';
import type { IdentityStore } from '../identity/identity-store.js';
import type { KmsInternal } from '../services/kms/internal.js';

/** Everything an operation may use, built once by the composition root. */
export interface AppServices {
  config: Config;
  store: SecureStore;
  clock: Clock;
  bus: InvalidationBus;
  identity: IdentityStore;
  kms: KmsInternal;
}
