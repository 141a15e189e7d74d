import { OperationTable } from '../protocol/operation-table.js';
import { stsOperations } from '../services/sts/index.js';

/**
 * Every operation coffer answers, by service. Only STS's are loaded with the server: the
 * other services' operation modules (two thirds of all modules) load in the background once
 * the server listens (see OperationTable.loadAll), and a call that comes first waits for its
 * service. Start-up is module loading, so this is most of what makes the server ready sooner.
 */
export function operationTable(): OperationTable {
  return new OperationTable(stsOperations, {
    kms: async () => (await import('../services/kms/index.js')).kmsOperations,
    secretsmanager: async () => (await import('../services/secretsmanager/index.js')).secretsManagerOperations,
    iam: async () => (await import('../services/iam/index.js')).iamOperations,
  });
}
