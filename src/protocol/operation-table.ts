import type { AnyOperation, ServiceName } from './operation.js';

/** The explicit list of what coffer answers: nothing is dispatched by reflection. */
export class OperationTable {
  private readonly byKey = new Map<string, AnyOperation>();

  constructor(operations: readonly AnyOperation[]) {
    for (const op of operations) {
      const key = `${op.service}:${op.name}`;
      if (this.byKey.has(key)) throw new Error(`operation ${key} registered twice`);
      this.byKey.set(key, op);
    }
  }

  get(service: ServiceName, name: string): AnyOperation | undefined {
    return this.byKey.get(`${service}:${name}`);
  }

  list(): AnyOperation[] {
    return [...this.byKey.values()];
  }
}
