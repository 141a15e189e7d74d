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
  // Four slashes before `end` and no fifth: indexOf is several times cheaper than split here.
  const s1 = credential.indexOf('/');
  const s2 = s1 === -1 ? -1 : credential.indexOf('/', s1 + 1);
  const s3 = s2 === -1 ? -1 : credential.indexOf('/', s2 + 1);
  const s4 = s3 === -1 ? -1 : credential.indexOf('/', s3 + 1);
  if (s4 === -1 || s4 >= end || credential.lastIndexOf('/', end - 1) !== s4) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const accessKeyId = credential.slice(0, s1);
  const date = credential.slice(s1 + 1, s2);
  const region = credential.slice(s2 + 1, s3);
  const service = credential.slice(s3 + 1, s4);
  const terminator = credential.slice(s4 + 1, end);
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
