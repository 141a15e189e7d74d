import { sweepExpiredSessions } from '../identity/sessions.js';
// The sweeps themselves, not the services' index modules, which bring every operation with them.
import { sweepKms } from '../services/kms/sweep.js';
import { sweepSecretsManager } from '../services/secretsmanager/purge.js';
import type { AppServices } from './app-services.js';

export type Sweep = (app: AppServices, now: number) => Promise<void>;

/** Every service's time-driven work, run in this order by the sweeper (keys before the secrets they protect). */
export const sweepers: ReadonlyArray<readonly [string, Sweep]> = [
  ['kms', sweepKms],
  ['secretsmanager', sweepSecretsManager],
  ['sessions', sweepExpiredSessions],
];
