import type { AppServices } from './app-services.js';

export type Sweep = (app: AppServices, now: number) => Promise<void>;

/** Every service's time-driven work, run in this order by the sweeper. */
export const sweepers: ReadonlyArray<readonly [string, Sweep]> = [];
