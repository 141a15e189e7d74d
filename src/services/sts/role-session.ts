import { deflateRawSync } from 'node:zlib';
import type { Tag } from '../../generated/sts-types.js';
import { parsePolicy } from '../../iam/index.js';
import type { AccessKeyRecord } from '../../identity/identity-store.js';
import { issueSession, type TemporaryCredentials } from '../../identity/sessions.js';
import { AwsError } from '../../protocol/errors.js';
import type { AppServices } from '../../server/app-services.js';
import { parsePolicyArn, parseRoleArn } from '../iam/arns.js';
import type { RoleRecord } from '../iam/records.js';
import { IamReader } from '../iam/repo.js';
import { tagMap } from '../iam/tags.js';

export interface RoleSession {
  Credentials: TemporaryCredentials;
  AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  PackedPolicySize?: number;
  SourceIdentity?: string;
}

const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;
export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
const CHAINED_MAX_SECONDS = 3600;

const validation = (message: string): AwsError => new AwsError('ValidationError', message);
const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterValue', message);

/** STS refuses what is not an ARN at all; an ARN of something other than a role is "not authorized". */
export function checkRoleArnSyntax(arn: string): void {
  if (!ARN.test(arn)) throw validation(`${arn} is invalid`);
}

/** The role an ARN names, under exactly that path. */
export async function findRole(app: AppServices, roleArn: string): Promise<RoleRecord | undefined> {
  const parts = parseRoleArn(roleArn);
  if (!parts) return undefined;
  const role = await new IamReader(app.store, parts.account).entity('role', parts.name);
  return role && role.path === parts.path ? role : undefined;
}

/** DurationSeconds against the role's MaxSessionDuration, and the one-hour limit of role chaining. */
export function sessionSeconds(role: RoleRecord, requested: number | undefined, chained: boolean): number {
  const seconds = requested ?? DEFAULT_ROLE_SESSION_SECONDS;
  if (chained && seconds > CHAINED_MAX_SECONDS) {
    throw validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (seconds > role.maxSessionDuration) throw validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return seconds;
}

/** Session tags: keys unique without regard to case; transitive keys must be among them. */
export function checkSessionTags(tags: readonly Tag[], transitive: readonly string[]): void {
  const keys = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (keys.has(k)) throw invalidParameter('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    keys.add(k);
  }
  for (const k of transitive) {
    if (!keys.has(k.toLowerCase())) throw invalidParameter('The specified transitive tag key must be included in the requested tags.');
  }
}

/** Policy and PolicyArns (managed policies of the role's account) as the session's policy documents. */
export async function sessionPolicies(app: AppServices, role: RoleRecord, policy: string | undefined, policyArns: readonly string[]): Promise<string[]> {
  const docs: string[] = [];
  if (policy !== undefined) {
    parsePolicy(policy, 'identity', 'MalformedPolicyDocument');
    docs.push(policy);
  }
  const account = role.arn.split(':')[4] as string;
  const reader = new IamReader(app.store, account);
  for (const arn of policyArns) {
    const parts = parsePolicyArn(arn);
    const p = parts && parts.account === account ? await reader.policyByArn(arn) : undefined;
    const v = p?.versions.find((x) => x.id === p.defaultVersion);
    if (!v) throw invalidParameter(`Policy ${arn} does not exist or is not attachable.`);
    docs.push(v.document);
  }
  return docs;
}

const PACKED_BUDGET_BYTES = 1024;

/** How much of STS's packed-policy budget the session policies and tags use, in percent. */
export function packedPolicySize(docs: readonly string[], tags: readonly Tag[]): number {
  const packed = deflateRawSync(Buffer.from(JSON.stringify([docs.map((d) => d.replace(/\s/g, '')), tags.map((t) => [t.Key, t.Value])])));
  const percent = Math.max(1, Math.ceil((packed.length * 100) / PACKED_BUDGET_BYTES));
  if (percent > 100) throw new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
  return percent;
}

export interface StartRoleSession {
  role: RoleRecord;
  sessionName: string;
  durationSeconds: number;
  now: number;
  sessionPolicies: string[];
  sessionTags: readonly Tag[];
  packedPolicySize?: number;
  sourceIdentity?: string;
}

/** Credentials of arn:aws:sts::<acct>:assumed-role/<role>/<session>, user id AROA…:<session>. */
export async function startRoleSession(app: AppServices, s: StartRoleSession): Promise<RoleSession> {
  const account = s.role.arn.split(':')[4] as string;
  const arn = `arn:aws:sts::${account}:assumed-role/${s.role.name}/${s.sessionName}`;
  const userId = `${s.role.id}:${s.sessionName}`;
  const tags = { ...tagMap(s.role.tags), ...Object.fromEntries(s.sessionTags.map((t) => [t.Key, t.Value ?? ''])) };
  const principal: AccessKeyRecord['principal'] = {
    arn,
    account,
    userId,
    type: 'assumed-role',
    name: s.role.name,
    sessionName: s.sessionName,
    admin: false,
    roleArn: s.role.arn,
  };
  if (Object.keys(tags).length > 0) principal.tags = tags;
  const Credentials = await issueSession(app, {
    principal,
    kind: 'assumed-role',
    now: s.now,
    durationSeconds: s.durationSeconds,
    sessionPolicies: s.sessionPolicies,
  });
  const out: RoleSession = { Credentials, AssumedRoleUser: { AssumedRoleId: userId, Arn: arn } };
  if (s.packedPolicySize !== undefined) out.PackedPolicySize = s.packedPolicySize;
  if (s.sourceIdentity !== undefined) out.SourceIdentity = s.sourceIdentity;
  return out;
}
