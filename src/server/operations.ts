import type { AnyOperation } from '../protocol/operation.js';
import { OperationTable } from '../protocol/operation-table.js';
import { stsOperations } from '../services/sts/index.js';

/** Every operation coffer answers, by service. */
export function operationTable(): OperationTable {
  const all: AnyOperation[] = [...stsOperations];
  return new OperationTable(all);
}
