import { parsePolicyArn } from './arns.js';
import { boundaryNotAttachable, invalidInput } from './errors.js';
import type { IamWriter } from './repo.js';

/** Sets a managed policy as a permissions boundary: it must exist; its usage count goes up. */
export async function useBoundary(w: IamWriter, arn: string): Promise<string> {
  if (!parsePolicyArn(arn)) throw invalidInput(`ARN ${arn} is not valid.`);
  const p = await w.policyByArn(arn);
  if (!p) throw boundaryNotAttachable(arn);
  p.boundaryUsageCount += 1;
  await w.putPolicy(p);
  return p.arn;
}

export async function releaseBoundary(w: IamWriter, arn: string | undefined): Promise<void> {
  if (arn === undefined) return;
  const p = await w.policyByArn(arn);
  if (!p) return;
  p.boundaryUsageCount = Math.max(0, p.boundaryUsageCount - 1);
  await w.putPolicy(p);
}
