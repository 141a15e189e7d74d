import type { AnyOperation } from '../../protocol/operation.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';

export const stsOperations: AnyOperation[] = [getCallerIdentity];
