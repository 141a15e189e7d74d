import { describe, expect, it } from 'vitest';
import { InvalidationBus } from '../src/server/invalidation.js';

describe('InvalidationBus.relayed', () => {
  it('is undefined with nothing on its way, and resolves once every relay so far has finished', async () => {
    const bus = new InvalidationBus();
    const heard: string[] = [];
    bus.subscribe((t, k) => heard.push(`${t}:${k}`));
    expect(bus.relayed()).toBeUndefined();
    let finish: () => void = () => undefined;
    bus.setRelay(() => new Promise<void>((resolve) => (finish = resolve)));
    bus.publish('access-key', 'AKIA1');
    expect(heard).toEqual(['access-key:AKIA1']);
    let done = false;
    const waiting = bus.relayed()!.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    finish();
    await waiting;
    expect(bus.relayed()).toBeUndefined();
  });

  it('stops waiting for a relay that does not finish', async () => {
    const bus = new InvalidationBus();
    bus.setRelay(() => new Promise<void>(() => undefined));
    bus.publish('policy', 'p');
    const started = Date.now();
    await bus.relayed(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
