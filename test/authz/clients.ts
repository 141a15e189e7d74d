import { execFile } from 'node:child_process';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { CLI, type TestServer } from '../helpers/server.js';

/** Real SDK clients against a test server, for end-to-end authorization tests. */
export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

const base = (server: TestServer, credentials: Creds) => ({ endpoint: server.endpoint, region: server.region, credentials, maxAttempts: 1 });

export const iam = (server: TestServer, c: Creds = server.credentials): IAMClient => new IAMClient(base(server, c));
export const sts = (server: TestServer, c: Creds = server.credentials): STSClient => new STSClient(base(server, c));
export const sm = (server: TestServer, c: Creds = server.credentials): SecretsManagerClient => new SecretsManagerClient(base(server, c));
export const kms = (server: TestServer, c: Creds = server.credentials): KMSClient => new KMSClient(base(server, c));

/** The error a call fails with; the test fails if it succeeds. */
export function failure(p: Promise<unknown>): Promise<SdkError> {
  return p.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e: SdkError) => e,
  );
}

export const brief = (e: SdkError): [string, string] => [e.name, e.message];

export type Statement = Record<string, unknown>;

export const policy = (...statements: Statement[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});
export const deny = (action: string | string[], resource: string | string[] = '*', extra: Statement = {}): Statement => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

export const notAuthorized = (who: string, action: string, resource: string | undefined, tail: string): string =>
  `User: ${who} is not authorized to perform: ${action}${resource === undefined ? '' : ` on resource: ${resource}`} ${tail}`;
export const noIdentityAllow = (action: string): string => `because no identity-based policy allows the ${action} action`;
export const noResourceAllow = (action: string): string => `because no resource-based policy allows the ${action} action`;

/** An IAM user with an inline policy (if given) and an access key, made by `admin`. */
export async function newUser(server: TestServer, name: string, document?: string, admin: Creds = server.credentials): Promise<{ arn: string; creds: Creds }> {
  const client = iam(server, admin);
  const user = (await client.send(new CreateUserCommand({ UserName: name }))).User!;
  if (document) await client.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'inline', PolicyDocument: document }));
  const key = (await client.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { arn: user.Arn!, creds: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
}

export const sessionCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Creds => ({
  accessKeyId: c.AccessKeyId!,
  secretAccessKey: c.SecretAccessKey!,
  sessionToken: c.SessionToken!,
});

/** `coffer admin create-account` on the server's data directory: a second account and its root credentials. */
export function createAccount(server: TestServer): Promise<{ account: string; creds: Creds }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'admin', 'create-account', '--data', server.dataDir], (err, stdout, stderr) => {
      if (err) return reject(new Error(`create-account failed: ${stderr}`));
      const account = /# account (\d{12})/.exec(stdout)?.[1];
      const accessKeyId = /aws_access_key_id = (\S+)/.exec(stdout)?.[1];
      const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(stdout)?.[1];
      if (!account || !accessKeyId || !secretAccessKey) return reject(new Error(`unexpected output: ${stdout}`));
      resolve({ account, creds: { accessKeyId, secretAccessKey } });
    });
  });
}
