// The IAM policy language: parse, validate and evaluate policy documents. Pure; no I/O.
//
//   const key = parsePolicy(keyPolicyJson, 'key', 'MalformedPolicyDocumentException'); // cached by text
//   const d = evaluate(
//     { action: 'kms:Decrypt', resource: keyArn, principal, context: { ...globalContextKeys({ sourceIp, secureTransport }) }, now },
//     { identity: [{ policy, arn }], boundary, session, resource: key, kmsKeyPolicy: true },
//   );
//   if (!d.allowed) throw new AwsError('AccessDeniedException', accessDeniedMessage(principal.arn, action, resourceAsSent, d));
export type {
  AuthzPrincipal,
  AuthzRequest,
  ContextInput,
  ContextValue,
  Decision,
  DenyReason,
  MatchedStatement,
  PolicyInput,
  PolicySet,
  PolicySource,
  PolicySourceKind,
} from './authz-types.js';
export type { Policy, PolicyKind, PolicyVersion, Statement } from './policy-types.js';
export { parsePolicy, tryParsePolicy, compilePolicy, clearPolicyCache, type ParseOptions, type ParseResult } from './policy-parse.js';
export { PolicyParseError, policyAwsError } from './policy-error.js';
export { evaluate } from './evaluate.js';
export { accessDeniedMessage } from './decision-messages.js';
export { globalContextKeys, principalContextKeys } from './request-context.js';
export { parseArn, type Arn } from './arn.js';
export {
  grantAllowing,
  grantConstraintsHold,
  grantPrincipalMatch,
  encryptionContextFromKeys,
  type AuthzGrant,
  type GrantDecision,
  type GrantMatch,
  type GrantRequest,
} from './grants.js';
