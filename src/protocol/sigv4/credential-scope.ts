import { incompleteSignature, invalidSignature } from './errors.js';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  /** date/region/service/aws4_request */
  scope: string;
}

/** Region names as AWS spells them (us-east-1, us-gov-west-1, cn-north-1); local names like "local" pass too. */
const REGION = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request. Every wrong piece is
 * reported at once, in AWS's order, as one InvalidSignatureException.
 */
export function parseCredential(credential: string, amzDate: string, expectedService: string | undefined): CredentialScope {
  // AWS ignores trailing slashes here.
  let end = credential.length;
  while (end > 0 && credential.charCodeAt(end - 1) === 47) end--;
  const parts = credential.slice(0, end).split('/');
  if (parts.length !== 5) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  const day = amzDate.slice(0, 8);
  let problems = '';
  if (!REGION.test(region)) problems += `Credential should be scoped to a valid region, not '${region}'. `;
  if (expectedService !== undefined && service !== expectedService) {
    problems += `Credential should be scoped to correct service: '${expectedService}'. `;
  }
  if (terminator !== 'aws4_request') {
    problems += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  if (date !== day) {
    problems += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${day}', from '${amzDate}'. `;
  }
  if (problems !== '') throw invalidSignature(problems);
  return { accessKeyId, date, region, service, scope: `${date}/${region}/${service}/aws4_request` };
}
