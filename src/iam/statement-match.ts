import { arnMatches } from './arn.js';
import type { AuthzPrincipal } from './authz-types.js';
import { conditionsHold } from './conditions.js';
import type { Statement } from './policy-types.js';
import { notPrincipalCovers, principalMatch, type GrantStrength } from './principals.js';
import type { RequestContext } from './request-context.js';
import type { VariableLookup } from './variables.js';
import { globMatches } from './wildcard.js';

/** A request, prepared once for matching against many statements. */
export interface PreparedRequest {
  action: string;
  resource: string | undefined;
  principal: AuthzPrincipal;
  ctx: RequestContext;
  lookup: VariableLookup;
}

function actionCovered(st: Statement, action: string): boolean {
  if (st.action) return st.action.some((g) => globMatches(g, action) === true);
  if (st.notAction) return !st.notAction.some((g) => globMatches(g, action) === true);
  return false;
}

function resourceCovered(st: Statement, req: PreparedRequest): boolean {
  if (st.resource) return st.resource.some((p) => arnMatches(p, req.resource, req.lookup) === true);
  if (st.notResource) return !st.notResource.some((p) => arnMatches(p, req.resource, req.lookup) === true);
  // Resource policies may leave Resource out: the statement is about the resource it is attached to.
  return true;
}

/**
 * Does the statement apply to the request? For resource-based policies (checkPrincipal) the answer
 * says how the Principal names the caller; identity-side statements answer 'direct'.
 * Cheapest tests first: action, resource, principal, then conditions.
 */
export function statementApplies(st: Statement, req: PreparedRequest, checkPrincipal: boolean): GrantStrength | undefined {
  // A policy variable the request cannot fill makes the whole statement void (AWS: "invalid").
  for (const v of st.requiredVariables) if (req.ctx.scalar(v) === undefined) return undefined;
  if (!actionCovered(st, req.action)) return undefined;
  if (!resourceCovered(st, req)) return undefined;
  let strength: GrantStrength | undefined = 'direct';
  if (checkPrincipal) {
    if (st.principal) strength = principalMatch(st.principal, req.principal);
    else if (st.notPrincipal) strength = notPrincipalCovers(st.notPrincipal, req.principal, st.effect) ? 'direct' : undefined;
    else strength = undefined;
    if (!strength) return undefined;
  }
  if (st.conditions.length > 0 && !conditionsHold(st.conditions, req.ctx)) return undefined;
  return strength;
}
