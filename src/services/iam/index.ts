import type { AnyOperation } from '../../protocol/operation.js';
import { addUserToGroup } from './operations/add-user-to-group.js';
import { attachGroupPolicy } from './operations/attach-group-policy.js';
import { attachRolePolicy } from './operations/attach-role-policy.js';
import { attachUserPolicy } from './operations/attach-user-policy.js';
import { createAccessKey } from './operations/create-access-key.js';
import { createGroup } from './operations/create-group.js';
import { createPolicy } from './operations/create-policy.js';
import { createRole } from './operations/create-role.js';
import { createUser } from './operations/create-user.js';
import { deleteAccessKey } from './operations/delete-access-key.js';
import { deleteGroupPolicy } from './operations/delete-group-policy.js';
import { deleteGroup } from './operations/delete-group.js';
import { deletePolicy } from './operations/delete-policy.js';
import { deleteRolePolicy } from './operations/delete-role-policy.js';
import { deleteRole } from './operations/delete-role.js';
import { deleteUserPolicy } from './operations/delete-user-policy.js';
import { deleteUser } from './operations/delete-user.js';
import { detachGroupPolicy } from './operations/detach-group-policy.js';
import { detachRolePolicy } from './operations/detach-role-policy.js';
import { detachUserPolicy } from './operations/detach-user-policy.js';
import { getGroupPolicy } from './operations/get-group-policy.js';
import { getGroup } from './operations/get-group.js';
import { getPolicyVersion } from './operations/get-policy-version.js';
import { getPolicy } from './operations/get-policy.js';
import { getRolePolicy } from './operations/get-role-policy.js';
import { getRole } from './operations/get-role.js';
import { getUserPolicy } from './operations/get-user-policy.js';
import { getUser } from './operations/get-user.js';
import { listAccessKeys } from './operations/list-access-keys.js';
import { listAttachedGroupPolicies } from './operations/list-attached-group-policies.js';
import { listAttachedRolePolicies } from './operations/list-attached-role-policies.js';
import { listAttachedUserPolicies } from './operations/list-attached-user-policies.js';
import { listGroupPolicies } from './operations/list-group-policies.js';
import { listGroupsForUser } from './operations/list-groups-for-user.js';
import { listGroups } from './operations/list-groups.js';
import { listPolicies } from './operations/list-policies.js';
import { listRolePolicies } from './operations/list-role-policies.js';
import { listRoleTags } from './operations/list-role-tags.js';
import { listRoles } from './operations/list-roles.js';
import { listUserPolicies } from './operations/list-user-policies.js';
import { listUserTags } from './operations/list-user-tags.js';
import { listUsers } from './operations/list-users.js';
import { putGroupPolicy } from './operations/put-group-policy.js';
import { putRolePolicy } from './operations/put-role-policy.js';
import { putUserPolicy } from './operations/put-user-policy.js';
import { removeUserFromGroup } from './operations/remove-user-from-group.js';
import { tagRole } from './operations/tag-role.js';
import { tagUser } from './operations/tag-user.js';
import { untagRole } from './operations/untag-role.js';
import { untagUser } from './operations/untag-user.js';
import { updateAccessKey } from './operations/update-access-key.js';
import { updateAssumeRolePolicy } from './operations/update-assume-role-policy.js';

/** The IAM operations coffer answers (identity side: principals, credentials, policy documents). */
export const iamOperations: AnyOperation[] = [
  addUserToGroup,
  attachGroupPolicy,
  attachRolePolicy,
  attachUserPolicy,
  createAccessKey,
  createGroup,
  createPolicy,
  createRole,
  createUser,
  deleteAccessKey,
  deleteGroupPolicy,
  deleteGroup,
  deletePolicy,
  deleteRolePolicy,
  deleteRole,
  deleteUserPolicy,
  deleteUser,
  detachGroupPolicy,
  detachRolePolicy,
  detachUserPolicy,
  getGroupPolicy,
  getGroup,
  getPolicyVersion,
  getPolicy,
  getRolePolicy,
  getRole,
  getUserPolicy,
  getUser,
  listAccessKeys,
  listAttachedGroupPolicies,
  listAttachedRolePolicies,
  listAttachedUserPolicies,
  listGroupPolicies,
  listGroupsForUser,
  listGroups,
  listPolicies,
  listRolePolicies,
  listRoleTags,
  listRoles,
  listUserPolicies,
  listUserTags,
  listUsers,
  putGroupPolicy,
  putRolePolicy,
  putUserPolicy,
  removeUserFromGroup,
  tagRole,
  tagUser,
  untagRole,
  untagUser,
  updateAccessKey,
  updateAssumeRolePolicy,
];
