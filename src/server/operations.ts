import type { AnyOperation } from '../protocol/operation.js';
import { OperationTable } from '../protocol/operation-table.js';
import { kmsOperations } from '../services/kms/index.js';
import { secretsManagerOperations } from '../services/secretsmanager/index.js';
import { stsOperations } from '../services/sts/index.js';

/**
 * Every operation coffer answers, by service. The IAM API's operations (administration,
 * not the request path) load on the first IAM call: a tenth of start-up otherwise.
 */
export function operationTable(): OperationTable {
  const all: AnyOperation[] = [...stsOperations, ...kmsOperations, ...secretsManagerOperations];
  return new OperationTable(all, { iam: async () => (await import('../services/iam/index.js')).iamOperations });
}
