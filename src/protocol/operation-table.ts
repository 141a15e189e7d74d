import type { AnyOperation, ServiceName } from './operation.js';

/** The explicit list of what coffer answers: nothing is dispatched by reflection. */
export class OperationTable {
  private readonly byKey = new Map<string, AnyOperation>();
  /** The same, by service then name: a lookup per request builds no key string. */
  private readonly byService = new Map<ServiceName, Map<string, AnyOperation>>();

  constructor(operations: readonly AnyOperation[]) {
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
