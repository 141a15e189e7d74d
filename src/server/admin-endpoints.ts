import type { WireResponse } from '../protocol/responses.js';
import type { Metrics } from './metrics.js';

export interface AdminDeps {
  dev: boolean;
  metrics: Metrics;
  health: () => Promise<Record<string, unknown>>;
  reset: () => Promise<void>;
  advanceClock: (seconds: number) => Promise<number>;
}

const json = (status: number, body: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** /_coffer/*: health and metrics always; reset and clock only in dev mode. */
export class AdminEndpoints {
  constructor(private readonly deps: AdminDeps) {}

  async handle(method: string, path: string, body: Buffer): Promise<WireResponse> {
    try {
      if (method === 'GET' && path === '/_coffer/health') return json(200, await this.deps.health());
      if (method === 'GET' && path === '/_coffer/metrics') {
        return { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4' }, body: this.deps.metrics.render() };
      }
      if (method === 'POST' && this.deps.dev && path === '/_coffer/reset') {
        await this.deps.reset();
        return json(200, { reset: true });
      }
      if (method === 'POST' && this.deps.dev && path === '/_coffer/clock') {
        const seconds = Number((JSON.parse(body.toString('utf8') || '{}') as { advanceSeconds?: unknown }).advanceSeconds);
        if (!Number.isFinite(seconds) || seconds < 0) return json(400, { message: 'advanceSeconds must be a non-negative number' });
        return json(200, { now: await this.deps.advanceClock(seconds) });
      }
      return json(404, { message: 'Not found' });
    } catch {
      return json(500, { message: 'internal error' });
    }
  }
}
