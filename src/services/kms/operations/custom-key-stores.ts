import type {
  ConnectCustomKeyStoreRequest,
  CreateCustomKeyStoreRequest,
  CreateCustomKeyStoreResponse,
  DeleteCustomKeyStoreRequest,
  DescribeCustomKeyStoresRequest,
  DescribeCustomKeyStoresResponse,
  DisconnectCustomKeyStoreRequest,
  UpdateCustomKeyStoreRequest,
} from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { unsupported } from '../errors.js';
import { customKeyStoreNotFound } from '../request-checks.js';

/**
 * Custom key stores (CloudHSM clusters, external key managers) do not exist on this server.
 * Creating one is refused; every other call names a store that cannot exist.
 */
const NO_STORES = 'Custom key stores (AWS CloudHSM and external key stores) are not supported by this server.';

export const createCustomKeyStore: Operation<CreateCustomKeyStoreRequest, CreateCustomKeyStoreResponse> = {
  service: 'kms',
  name: 'CreateCustomKeyStore',
  action: 'kms:CreateCustomKeyStore',
  async handler() {
    throw unsupported(NO_STORES);
  },
};

export const describeCustomKeyStores: Operation<DescribeCustomKeyStoresRequest, DescribeCustomKeyStoresResponse> = {
  service: 'kms',
  name: 'DescribeCustomKeyStores',
  action: 'kms:DescribeCustomKeyStores',
  async handler(input) {
    if (input.CustomKeyStoreId !== undefined) throw customKeyStoreNotFound(input.CustomKeyStoreId);
    if (input.CustomKeyStoreName !== undefined) {
      throw new AwsError('CustomKeyStoreNotFoundException', `Custom key store with name ${input.CustomKeyStoreName} does not exist.`);
    }
    return { CustomKeyStores: [], Truncated: false };
  },
};

function byId<I extends { CustomKeyStoreId: string }>(name: string): Operation<I, Record<string, never>> {
  return {
    service: 'kms',
    name,
    action: `kms:${name}`,
    async handler(input) {
      throw customKeyStoreNotFound(input.CustomKeyStoreId);
    },
  };
}

export const connectCustomKeyStore = byId<ConnectCustomKeyStoreRequest>('ConnectCustomKeyStore');
export const deleteCustomKeyStore = byId<DeleteCustomKeyStoreRequest>('DeleteCustomKeyStore');
export const disconnectCustomKeyStore = byId<DisconnectCustomKeyStoreRequest>('DisconnectCustomKeyStore');
export const updateCustomKeyStore = byId<UpdateCustomKeyStoreRequest>('UpdateCustomKeyStore');
