import type { AppServices } from './app-services.js';
import { logLine } from './log.js';
import { sweepers } from './sweep-list.js';

/**
 * Time-driven changes (key deletion, secret purge, automatic rotation) happen here,
 * on a timer and whenever dev mode moves the clock. One pass at a time.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly app: () => AppServices,
    private readonly intervalMs: number,
    /** Node-level upkeep run before the services' sweeps (e.g. picking up a keyring rotated offline). */
    private readonly upkeep: () => Promise<void> = async () => undefined,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  idle(): Promise<void> {
    return this.running;
  }

  runOnce(): Promise<void> {
    this.running = this.running.then(() => this.pass());
    return this.running;
  }

  private async pass(): Promise<void> {
    const app = this.app();
    const now = app.clock.now();
    await this.upkeep().catch((err: unknown) => logLine({ type: 'error', sweeper: 'upkeep', error: err instanceof Error ? err.constructor.name : 'unknown' }));
    for (const [name, sweep] of sweepers) {
      try {
        await sweep(app, now);
      } catch (err) {
        logLine({ type: 'error', sweeper: name, error: err instanceof Error ? err.constructor.name : 'unknown' });
      }
    }
  }
}
