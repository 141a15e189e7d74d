import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { GetParametersForImportRequest, GetParametersForImportResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { wrongOrigin } from '../errors.js';
import { checkWrapping } from '../import.js';
import { reloadInTx } from '../key-guard.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { paths, type ImportRecord } from '../repo.js';

const NO_ALIASES = { aliases: false };
const generateKeyPairAsync = promisify(generateKeyPair);
/** Import token and public key are valid for 24 hours, as in AWS. */
export const IMPORT_VALIDITY_MS = 24 * 3_600_000;

export const importTokenHash = (token: Buffer): string => createHash('sha256').update(token).digest('hex');

export const getParametersForImport: Operation<GetParametersForImportRequest, GetParametersForImportResponse> = {
  service: 'kms',
  name: 'GetParametersForImport',
  action: 'kms:GetParametersForImport',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => ({ 'kms:WrappingAlgorithm': i.WrappingAlgorithm, 'kms:WrappingKeySpec': i.WrappingKeySpec }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'GetParametersForImport', NO_ALIASES);
    if (found.key.origin !== 'EXTERNAL') throw wrongOrigin(found.arn, found.key.origin);
    checkWrapping(input.WrappingAlgorithm, input.WrappingKeySpec);
    const bits = Number(input.WrappingKeySpec.slice('RSA_'.length));
    const pair = await generateKeyPairAsync('rsa', { modulusLength: bits, publicExponent: 0x10001 });
    const token = randomBytes(64);
    const validTo = ctx.now + IMPORT_VALIDITY_MS;
    const record: ImportRecord = {
      keyId: found.key.keyId,
      wrappingAlgorithm: input.WrappingAlgorithm,
      wrappingKeySpec: input.WrappingKeySpec,
      privateKey: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      validTo,
    };
    const { account, region, keyId } = found.key;
    await repoOf(ctx).transact(async (w) => {
      await reloadInTx(w, found, 'GetParametersForImport', ctx.now);
      await w.tx.putJson(paths.importToken(account, region, keyId, importTokenHash(token)), record);
    });
    return {
      KeyId: found.arn,
      ImportToken: token,
      PublicKey: pair.publicKey.export({ format: 'der', type: 'spki' }),
      ParametersValidTo: new Date(validTo),
    };
  },
};
