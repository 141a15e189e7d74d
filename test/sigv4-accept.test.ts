import { DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { parseSigV4, verifySigV4, type SigV4Input } from '../src/protocol/sigv4/index.js';
import {
  botocoreSign,
  captureHandler,
  CREDS,
  ENDPOINT,
  rawHeadersOf,
  signedAtMs,
  smithyPresign,
  smithySign,
} from './fixtures/sigv4/signers.js';

/** Parse and verify as the dispatcher does, at the instant the request was signed. */
function accept(input: SigV4Input, secret = CREDS.secretAccessKey) {
  const now = signedAtMs(input);
  const parsed = parseSigV4(input, now);
  verifySigV4(input, parsed, secret, now);
  return parsed;
}

const clientConfig = (handler: ReturnType<typeof captureHandler>['handler'], region = 'us-east-1') => ({
  endpoint: ENDPOINT,
  region,
  credentials: CREDS,
  maxAttempts: 1,
  requestHandler: handler,
});

describe('SigV4 accepts what the AWS SDK v3 clients send', () => {
  it('secretsmanager (JSON 1.1 with X-Amz-Target)', async () => {
    const cap = captureHandler();
    const client = new SecretsManagerClient(clientConfig(cap.handler, 'eu-west-1'));
    await client.send(new CreateSecretCommand({ Name: 'app/db', SecretString: '{"password":"p ä ✓"}' })).catch(() => undefined);
    const req = cap.last();
    expect(req.headers['x-amz-target']).toBe('secretsmanager.CreateSecret');
    const parsed = accept(req);
    expect(parsed).toMatchObject({ accessKeyId: CREDS.accessKeyId, region: 'eu-west-1', service: 'secretsmanager', presigned: false });
    expect(parsed.signedHeaders).toContain('host');

    await client.send(new GetSecretValueCommand({ SecretId: 'app/db' })).catch(() => undefined);
    accept(cap.last());
  });

  it('kms, with a binary blob in the body', async () => {
    const cap = captureHandler();
    const client = new KMSClient(clientConfig(cap.handler));
    await client
      .send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: new Uint8Array([0, 1, 2, 255]), EncryptionContext: { a: 'b' } }))
      .catch(() => undefined);
    expect(accept(cap.last())).toMatchObject({ service: 'kms', region: 'us-east-1' });
    await client.send(new DescribeKeyCommand({ KeyId: 'alias/app' })).catch(() => undefined);
    accept(cap.last());
  });

  it('sts (query protocol, form body), with a session token', async () => {
    const cap = captureHandler();
    const client = new STSClient({
      ...clientConfig(cap.handler),
      credentials: { ...CREDS, sessionToken: 'FwoGZXIvYXdzE+/=token' },
    });
    await client.send(new GetCallerIdentityCommand({})).catch(() => undefined);
    const req = cap.last();
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(accept(req)).toMatchObject({ service: 'sts', sessionToken: 'FwoGZXIvYXdzE+/=token' });

    await client
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's', Policy: '{"a": "b c"}' }))
      .catch(() => undefined);
    accept(cap.last());
  });

  it('the same requests through node rawHeaders', async () => {
    const cap = captureHandler();
    const client = new KMSClient(clientConfig(cap.handler));
    await client.send(new DescribeKeyCommand({ KeyId: 'k' })).catch(() => undefined);
    const req = cap.last();
    accept({ ...req, rawHeaders: rawHeadersOf(req.headers) });
  });
});

describe('SigV4 accepts what @smithy/signature-v4 signs directly', () => {
  it('a presigned sts GET with a session token', async () => {
    const req = await smithyPresign({
      method: 'GET',
      service: 'sts',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      sessionToken: 'tok/en+=',
      expiresIn: 900,
    });
    expect(req.headers.authorization).toBeUndefined();
    expect(req.rawQuery).toContain('X-Amz-Signature=');
    expect(accept(req)).toMatchObject({ presigned: true, expiresSeconds: 900, sessionToken: 'tok/en+=', service: 'sts' });
  });

  it('paths with reserved and non-ASCII characters, repeated and odd query parameters', async () => {
    const req = await smithySign({
      method: 'GET',
      service: 'secretsmanager',
      path: '/a%20b/c%2Fd/%C3%A9/x~y.z_-/',
      query: { 'b key': ['2', '10', '1'], a: 'é & =+', empty: '', 'c~': "!'()*" },
      headers: { 'x-amz-meta': '  several   spaces\tand tab  ' },
    });
    accept(req);
  });

  it('an empty body and a large body', async () => {
    accept(await smithySign({ service: 'kms', body: '' }));
    accept(await smithySign({ service: 'kms', body: 'x'.repeat(300_000) }));
  });
});

describe('SigV4 accepts what botocore signs', () => {
  it('a JSON 1.1 POST signed with SigV4Auth', () => {
    const req = botocoreSign({
      method: 'POST',
      url: `${ENDPOINT}/`,
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'secretsmanager.ListSecrets' },
      body: '{"MaxResults": 10, "Filters": [{"Key": "name", "Values": ["ü"]}]}',
      service: 'secretsmanager',
      region: 'ap-southeast-2',
    });
    expect(accept(req)).toMatchObject({ service: 'secretsmanager', region: 'ap-southeast-2' });
  });

  it('an STS form POST with a session token', () => {
    const req = botocoreSign({
      method: 'POST',
      url: `${ENDPOINT}/`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      service: 'sts',
      sessionToken: 'IQoJb3JpZ2luX2Vj/+=',
    });
    expect(accept(req)).toMatchObject({ service: 'sts', sessionToken: 'IQoJb3JpZ2luX2Vj/+=' });
  });

  it('a presigned GET signed with SigV4QueryAuth', () => {
    const req = botocoreSign({
      method: 'GET',
      url: `${ENDPOINT}/?Action=GetCallerIdentity&Version=2011-06-15`,
      service: 'sts',
      sessionToken: 'tok/en+=',
      presignExpires: 60,
    });
    expect(accept(req)).toMatchObject({ presigned: true, expiresSeconds: 60, sessionToken: 'tok/en+=' });
  });

  it('an encoded path and query', () => {
    const req = botocoreSign({
      method: 'GET',
      url: `${ENDPOINT}/a%20b/./c/../d?z=1&a=%C3%A9&a=0&k%20y=v%2Fw`,
      service: 'kms',
    });
    accept(req);
  });
});
