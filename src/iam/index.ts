// The IAM policy language: parse, validate and evaluate policy documents. Pure; no I/O.
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
