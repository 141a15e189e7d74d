import type { AccessKeyMetadata, AttachedPolicy, Group, Policy, Role, User } from '../../generated/iam-types.js';
import { iamDate } from './arns.js';
import { encodeDocument } from './policy-docs.js';
import type { GroupRecord, ManagedPolicyRecord, RoleRecord, UserRecord } from './records.js';
import { sortedTags } from './tags.js';

/** AWS names the boundary type "Policy" on the wire, whatever the model's enum says. */
const boundaryView = (arn: string): User['PermissionsBoundary'] =>
  ({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn }) as unknown as User['PermissionsBoundary'];

/** `full`: GetUser/CreateUser (tags and boundary); listings leave them out, as IAM does. */
export function userView(u: UserRecord, full: boolean): User {
  const v: User = { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: iamDate(u.createdAt) };
  if (full) {
    if (u.boundary) v.PermissionsBoundary = boundaryView(u.boundary);
    if (u.tags.length > 0) v.Tags = sortedTags(u.tags);
  }
  return v;
}

/**
 * create: what CreateRole answers (no MaxSessionDuration, tags as sent); get: everything;
 * list: no tags, boundary or last use.
 */
export function roleView(r: RoleRecord, mode: 'create' | 'get' | 'list'): Role {
  const v: Role = {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: iamDate(r.createdAt),
    AssumeRolePolicyDocument: encodeDocument(r.trustPolicy),
  };
  if (r.description !== undefined) v.Description = r.description;
  if (mode !== 'create') v.MaxSessionDuration = r.maxSessionDuration;
  if (mode !== 'list') {
    if (r.boundary) v.PermissionsBoundary = boundaryView(r.boundary);
    if (r.tags.length > 0) v.Tags = mode === 'get' ? sortedTags(r.tags) : r.tags;
  }
  if (mode === 'get') v.RoleLastUsed = {};
  return v;
}

export const groupView = (g: GroupRecord): Group => ({ Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: iamDate(g.createdAt) });

/** always: GetPolicy (Description, and Tags even when empty); if-any: CreatePolicy; never: listings. */
export function policyView(p: ManagedPolicyRecord, tags: 'always' | 'if-any' | 'never'): Policy {
  const v: Policy = {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: p.attachmentCount,
    PermissionsBoundaryUsageCount: p.boundaryUsageCount,
    IsAttachable: true,
    CreateDate: iamDate(p.createdAt),
    UpdateDate: iamDate(p.updatedAt),
  };
  if (p.description !== undefined && tags === 'always') v.Description = p.description;
  if (tags === 'always' || (tags === 'if-any' && p.tags.length > 0)) v.Tags = p.tags;
  return v;
}

export const attachedView = (a: { arn: string; name: string }): AttachedPolicy => ({ PolicyName: a.name, PolicyArn: a.arn });

export function accessKeyView(userName: string, k: { id: string; status: 'Active' | 'Inactive'; createdAt: number }): AccessKeyMetadata {
  return { UserName: userName, AccessKeyId: k.id, Status: k.status, CreateDate: iamDate(k.createdAt) };
}
