import type { UpdateSecretRequest, UpdateSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation, RequestContext } from '../../../protocol/operation.js';
import { invalidRequest } from '../errors.js';
import { valuePath } from '../paths.js';
import { syncReplicas } from '../replication.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, type SecretRecord } from '../secret.js';
import { keyArnFor, openVersion, pickValue, sameAsExisting, sealFor } from '../values.js';
import { writeVersion } from '../write-version.js';

export const updateSecret: Operation<UpdateSecretRequest, UpdateSecretResponse> = {
  service: 'secretsmanager',
  name: 'UpdateSecret',
  action: 'secretsmanager:UpdateSecret',
  target(input, ctx) {
    const keys: Record<string, string> = {};
    if (input.Description !== undefined) keys['secretsmanager:Description'] = input.Description;
    if (input.KmsKeyId !== undefined) keys['secretsmanager:KmsKeyId'] = input.KmsKeyId;
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const value = pickValue(input);
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    const keyChanges = input.KmsKeyId !== undefined && (input.KmsKeyId === '' ? undefined : input.KmsKeyId) !== r.kmsKeyId;
    const newKeyId = input.KmsKeyId === undefined ? r.kmsKeyId : input.KmsKeyId === '' ? undefined : input.KmsKeyId;
    // Validate a new key before anything changes.
    const newKeyArn = keyChanges ? await keyArnFor(ctx, newKeyId) : undefined;
    const change = (fresh: SecretRecord): void => {
      if (input.Description !== undefined) fresh.description = input.Description;
      if (input.Type !== undefined) fresh.type = input.Type;
      if (newKeyId === undefined) delete fresh.kmsKeyId;
      else fresh.kmsKeyId = newKeyId;
      fresh.lastChanged = ctx.now;
    };

    let record: SecretRecord;
    let versionId: string | undefined;
    if (value) {
      const token = input.ClientRequestToken;
      if (token === undefined) throw invalidRequest('You must provide a ClientRequestToken value. We recommend a UUID-type value.');
      if (r.versions[token] && (await sameAsExisting(ctx, r, token, value))) return { ARN: r.arn, Name: r.name };
      ({ record } = await writeVersion(ctx, r, token, value, undefined, { kmsKeyId: newKeyId, change }));
      versionId = token;
    } else {
      ({ record } = await mutate(ctx, r, (fresh) => change(fresh)));
    }
    if (newKeyArn !== undefined) record = await reencrypt(ctx, record, newKeyArn, newKeyId === undefined, versionId);
    await syncReplicas(ctx, record);
    const out: UpdateSecretResponse = { ARN: r.arn, Name: r.name };
    if (versionId !== undefined) out.VersionId = versionId;
    return out;
  },
};

/** A new key re-encrypts the AWSCURRENT, AWSPENDING and AWSPREVIOUS versions, as AWS does. */
async function reencrypt(
  ctx: RequestContext,
  r: SecretRecord,
  keyArn: string,
  defaultKey: boolean,
  skip: string | undefined,
): Promise<SecretRecord> {
  const sealed = new Map<string, Buffer>();
  for (const [id, v] of Object.entries(r.versions)) {
    if (id === skip || v.keyArn === keyArn) continue;
    if (!v.stages.some((s) => s === AWSCURRENT || s === AWSPENDING || s === AWSPREVIOUS)) continue;
    const value = await openVersion(ctx, r, id);
    if (value) sealed.set(id, await sealFor(ctx, r, keyArn, id, value));
  }
  if (sealed.size === 0) return r;
  const { record } = await mutate(ctx, r, async (fresh, tx) => {
    for (const [id, blob] of sealed) {
      const v = fresh.versions[id];
      if (!v) continue;
      v.keyArn = keyArn;
      v.defaultKey = defaultKey;
      await tx.put(valuePath(fresh.account, fresh.region, fresh.sid, id), blob);
    }
  });
  return record;
}
