import { AwsError } from '../protocol/errors.js';

/**
 * Why a policy document was refused. `message` is the text AWS returns (clients see it);
 * `detail` says precisely what was wrong, for the console and logs.
 */
export class PolicyParseError extends Error {
  readonly detail: string;

  constructor(message: string, detail: string) {
    super(message);
    this.name = 'PolicyParseError';
    this.detail = detail;
  }
}

// IAM's texts (MalformedPolicyDocument), as real IAM returns them.
export const SYNTAX_ERROR = 'Syntax errors in policy.';
export const LEGACY_PARSING = 'The policy failed legacy parsing';
export const VERSION_TOO_OLD = 'Policy document must be version 2012-10-17 or greater.';
export const NEEDS_ACTIONS = 'Policy statement must contain actions.';
export const NEEDS_RESOURCES = 'Policy statement must contain resources.';
export const NO_PRINCIPAL_ALLOWED = 'Policy document should not specify a principal.';
export const NEEDS_PRINCIPAL = 'Missing required field Principal';
export const DUPLICATE_SID = 'Statement IDs (SID) in a single policy must be unique.';
export const SID_NOT_ALPHANUMERIC =
  'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';
export const NEEDS_VENDOR = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
export const ONE_COLON = 'Actions/Condition can contain only one colon.';
export const TRUST_ACTIONS =
  'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity';
export const TRUST_NO_RESOURCE = 'Has prohibited field Resource.';

export const syntaxError = (detail: string): PolicyParseError => new PolicyParseError(SYNTAX_ERROR, detail);

/** Map a parse failure onto the calling service's error code (IAM, KMS and Secrets Manager differ). */
export function policyAwsError(e: PolicyParseError, code = 'MalformedPolicyDocument'): AwsError {
  return new AwsError(code, e.message);
}
