import type { AnyOperation } from '../protocol/operation.js';
import { OperationTable } from '../protocol/operation-table.js';
import { iamOperations } from '../services/iam/index.js';
import { kmsOperations } from '../services/kms/index.js';
import { secretsManagerOperations } from '../services/secretsmanager/index.js';
import { stsOperations } from '../services/sts/index.js';

/** Every operation coffer answers, by service. */
export function operationTable(): OperationTable {
  const all: AnyOperation[] = [...stsOperations, ...iamOperations, ...kmsOperations, ...secretsManagerOperations];
  return new OperationTable(all);
}
