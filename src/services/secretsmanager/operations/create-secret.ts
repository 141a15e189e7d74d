import type { CreateSecretRequest, CreateSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { AuthzTarget, Operation, RequestContext } from '../../../protocol/operation.js';
import { announceWithin, builtCatalog, noteCommitted } from '../catalog.js';
import { alreadyExists, invalidRequest, nameScheduledForDeletion } from '../errors.js';
import { namePath, secretPath, valuePath } from '../paths.js';
import { replicateTo } from '../replication.js';
import { newSid } from '../sid.js';
import { checkName, isDeleted, randomSuffix, secretArn, type SecretRecord } from '../secret.js';
import { mergeTags } from '../tags.js';
import { keyArnFor, pickValue, sameAsExisting, sealFor } from '../values.js';
import { addVersion } from '../versions.js';
import { replicationStatus } from '../view.js';

// The dispatcher hands the same input object to target() and handler(): one ARN for both.
const arns = new WeakMap<object, string>();

/** The new secret's ARN, suffix included: AWS decides (and words a refusal) on it before the secret exists. */
function newArn(input: CreateSecretRequest, ctx: RequestContext): string {
  let arn = arns.get(input);
  if (arn === undefined) arns.set(input, (arn = secretArn(ctx.region, ctx.account, input.Name, randomSuffix())));
  return arn;
}

export const createSecret: Operation<CreateSecretRequest, CreateSecretResponse> = {
  service: 'secretsmanager',
  name: 'CreateSecret',
  action: 'secretsmanager:CreateSecret',
  target(input, ctx) {
    checkName(input.Name);
    const keys: Record<string, string | string[]> = { 'secretsmanager:Name': input.Name };
    if (input.Description !== undefined) keys['secretsmanager:Description'] = input.Description;
    if (input.KmsKeyId !== undefined) keys['secretsmanager:KmsKeyId'] = input.KmsKeyId;
    if (input.AddReplicaRegions) keys['secretsmanager:AddReplicaRegions'] = input.AddReplicaRegions.map((x) => x.Region ?? '');
    if (input.ForceOverwriteReplicaSecret !== undefined) keys['secretsmanager:ForceOverwriteReplicaSecret'] = String(input.ForceOverwriteReplicaSecret);
    const target: AuthzTarget = { resource: newArn(input, ctx), resourceAccount: ctx.account, resourcePolicyKind: 'secret', conditionKeys: keys };
    if (input.Tags) target.requestTags = Object.fromEntries(input.Tags.map((t) => [t.Key ?? '', t.Value ?? '']));
    return target;
  },
  async handler(input, ctx) {
    checkName(input.Name);
    const value = pickValue(input);
    if (input.ClientRequestToken === undefined) {
      throw invalidRequest('You must provide a ClientRequestToken value. We recommend a UUID-type value.');
    }
    const tags = mergeTags([], input.Tags ?? []);
    // A retry of a create that already happened is answered without sealing anything; before
    // the catalog is built, the transaction below finds the name taken all the same.
    const existing = builtCatalog(ctx.app, ctx.account, ctx.region)?.byName(input.Name);
    if (existing) return repeat(existing);

    const sid = newSid();
    const arn = newArn(input, ctx);
    const versionId = input.ClientRequestToken;
    // A secret without a value needs no key yet: aws/secretsmanager is created on first use.
    const keyArn = value || input.KmsKeyId ? await keyArnFor(ctx, input.KmsKeyId) : '';
    const sealed = value ? await sealFor(ctx, { arn, region: ctx.region }, keyArn, versionId, value) : undefined;
    const record: SecretRecord = {
      sid,
      arn,
      name: input.Name,
      account: ctx.account,
      region: ctx.region,
      tags,
      created: ctx.now,
      lastChanged: ctx.now,
      rotation: { requested: false, enabled: false },
      versions: {},
      rev: 1,
    };
    if (input.Description !== undefined) record.description = input.Description;
    if (input.KmsKeyId !== undefined && input.KmsKeyId !== '') record.kmsKeyId = input.KmsKeyId;
    if (input.Type !== undefined) record.type = input.Type;
    if (sealed) addVersion(record, versionId, { created: ctx.now, keyArn, defaultKey: record.kmsKeyId === undefined }, undefined);

    const clash = await ctx.app.store.transaction(async (tx) => {
      const owner = await tx.get(namePath(ctx.account, ctx.region, input.Name));
      if (owner) return tx.getJson<SecretRecord>(secretPath(ctx.account, ctx.region, owner.toString('utf8')));
      await tx.put(namePath(ctx.account, ctx.region, input.Name), Buffer.from(sid, 'utf8'));
      await tx.putJson(secretPath(ctx.account, ctx.region, sid), record);
      if (sealed) await tx.put(valuePath(ctx.account, ctx.region, sid, versionId), sealed);
      await announceWithin(tx, ctx.account, ctx.region, sid);
      return undefined;
    });
    if (clash) return repeat(clash);
    noteCommitted(ctx.app, ctx.account, ctx.region, sid, record);

    let saved = record;
    if (input.AddReplicaRegions && input.AddReplicaRegions.length > 0) {
      saved = await replicateTo(ctx, record, input.AddReplicaRegions, input.ForceOverwriteReplicaSecret ?? false);
    }
    const out: CreateSecretResponse = { ARN: arn, Name: input.Name };
    if (sealed) out.VersionId = versionId;
    const rs = replicationStatus(saved);
    if (rs) out.ReplicationStatus = rs;
    return out;

    // A retried CreateSecret (same token, same value) answers as the first call did.
    async function repeat(found: SecretRecord): Promise<CreateSecretResponse> {
      if (isDeleted(found)) throw nameScheduledForDeletion();
      const token = input.ClientRequestToken!;
      if (value && found.versions[token] && (await sameAsExisting(ctx, found, token, value))) {
        return { ARN: found.arn, Name: found.name, VersionId: token };
      }
      throw alreadyExists(input.Name);
    }
  },
};
