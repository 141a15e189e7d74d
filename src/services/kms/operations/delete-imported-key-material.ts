import type { DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { wrongOrigin } from '../errors.js';
import { targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const deleteImportedKeyMaterial: Operation<DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse> = {
  service: 'kms',
  name: 'DeleteImportedKeyMaterial',
  action: 'kms:DeleteImportedKeyMaterial',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'DeleteImportedKeyMaterial', NO_ALIASES);
    if (found.key.origin !== 'EXTERNAL') throw wrongOrigin(found.arn, found.key.origin);
    const id = input.KeyMaterialId ?? found.key.currentMaterialId;
    if (id !== undefined) {
      await updateKey(ctx, found, 'DeleteImportedKeyMaterial', (k) => {
        const m = k.materials.find((x) => x.id === id);
        if (!m) throw new AwsError('NotFoundException', `Key material ${id} does not exist in ${found.arn}`);
        // The material goes; its id stays, so only the same bytes can be imported again.
        delete m.secret;
        delete m.publicKey;
      });
    }
    const out: DeleteImportedKeyMaterialResponse = { KeyId: found.arn };
    if (id !== undefined) out.KeyMaterialId = id;
    return out;
  },
};
