import type { AnyOperation, ServiceName } from './operation.js';

/** The explicit list of what coffer answers: nothing is dispatched by reflection. */
export class OperationTable {
  private readonly byKey = new Map<string, AnyOperation>();
  /** The same, by service then name: a lookup per request builds no key string. */
  private readonly byService = new Map<ServiceName, Map<string, AnyOperation>>();

  /** Services whose operations are loaded on their first call (see load()). */
  private readonly deferred = new Map<ServiceName, () => Promise<readonly AnyOperation[]>>();
  private readonly loading = new Map<ServiceName, Promise<void>>();

  constructor(operations: readonly AnyOperation[], deferred: Partial<Record<ServiceName, () => Promise<readonly AnyOperation[]>>> = {}) {
    this.add(operations);
    for (const [service, load] of Object.entries(deferred) as [ServiceName, () => Promise<readonly AnyOperation[]>][]) this.deferred.set(service, load);
  }

  /**
   * Loads a deferred service's operations, once; undefined when the service has nothing
   * waiting. Modules a first request does not need stay out of start-up this way.
   */
  load(service: ServiceName): Promise<void> | undefined {
    const make = this.deferred.get(service);
    if (!make) return undefined;
    let p = this.loading.get(service);
    if (!p) {
      p = make().then((ops) => {
        this.add(ops);
        this.deferred.delete(service);
        this.loading.delete(service);
      });
      p.catch(() => this.loading.delete(service));
      this.loading.set(service, p);
    }
    return p;
  }

  /** Starts loading every deferred service; resolves when all are in (failures are retried on use). */
  async loadAll(): Promise<void> {
    const pending = [...this.deferred.keys()].map((service) => this.load(service)?.catch(() => undefined));
    await Promise.all(pending);
  }

  private add(operations: readonly AnyOperation[]): void {
    for (const op of operations) {
      const key = `${op.service}:${op.name}`;
      if (this.byKey.has(key)) throw new Error(`operation ${key} registered twice`);
      this.byKey.set(key, op);
      let names = this.byService.get(op.service);
      if (!names) {
        names = new Map();
        this.byService.set(op.service, names);
      }
      names.set(op.name, op);
    }
  }

  get(service: ServiceName, name: string): AnyOperation | undefined {
    return this.byService.get(service)?.get(name);
  }

  list(): AnyOperation[] {
    return [...this.byKey.values()];
  }
}
