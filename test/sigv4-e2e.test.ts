import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { sendRaw, smithyPresign, smithySign, type SignSpec } from './fixtures/sigv4/signers.js';

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Raw signed requests against a real server: what reaches the wire is exactly what was signed, or tampered. */
describe('SigV4 end to end (secure mode)', () => {
  let server: TestServer;
  const sign = (spec: Omit<SignSpec, 'endpoint' | 'accessKeyId' | 'secretAccessKey'> & { secretAccessKey?: string }) =>
    smithySign({ endpoint: server.endpoint, ...server.credentials, ...spec });
  const json = (target: string, body = '{}') => ({
    service: target.startsWith('secretsmanager.') ? 'secretsmanager' : 'kms',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  const stsForm = {
    service: 'sts',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  };

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('accepts a signed STS form POST', async () => {
    const res = await sendRaw(server.endpoint, await sign(stsForm));
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<Account>${server.account}</Account>`);
  });

  it('accepts a presigned STS GET', async () => {
    const req = await smithyPresign({
      endpoint: server.endpoint,
      ...server.credentials,
      method: 'GET',
      service: 'sts',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      expiresIn: 60,
    });
    const res = await sendRaw(server.endpoint, req);
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<Account>${server.account}</Account>`);
  });

  it('lets a signed JSON request past authentication', async () => {
    const res = await sendRaw(server.endpoint, await sign(json('TrentService.ListKeys')));
    expect(res.headers['x-amzn-errortype'] ?? '').not.toMatch(/Signature|Token|UnrecognizedClient/);
  });

  it('refuses a JSON request whose body changed after signing', async () => {
    const req = await sign(json('TrentService.ListKeys', '{"Limit":10}'));
    const res = await sendRaw(server.endpoint, { ...req, body: Buffer.from('{"Limit":11}') });
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'InvalidSignatureException' });
    expect(res.body).toContain(MISMATCH);
  });

  it('refuses a changed signed header and a wrong secret', async () => {
    const req = await sign(json('TrentService.ListKeys'));
    const retargeted = await sendRaw(server.endpoint, { ...req, headers: { ...req.headers, 'x-amz-target': 'TrentService.CreateKey' } });
    expect(retargeted.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    const wrong = await sendRaw(server.endpoint, await sign({ ...json('TrentService.ListKeys'), secretAccessKey: 'x'.repeat(40) }));
    expect(wrong.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
  });

  it('answers STS tampering with SignatureDoesNotMatch (403)', async () => {
    const req = await sign(stsForm);
    const res = await sendRaw(server.endpoint, { ...req, body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-16') });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses an unknown access key', async () => {
    const req = await smithySign({ endpoint: server.endpoint, accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'y'.repeat(40), ...json('TrentService.ListKeys') });
    const res = await sendRaw(server.endpoint, req);
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'UnrecognizedClientException' });
  });

  it('refuses a request signed an hour ago', async () => {
    const req = await sign({ ...json('TrentService.ListKeys'), date: new Date(Date.now() - 3600_000) });
    const res = await sendRaw(server.endpoint, req);
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(res.body).toMatch(/Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)/);
  });

  it('refuses an expired presigned URL', async () => {
    const req = await smithyPresign({
      endpoint: server.endpoint,
      ...server.credentials,
      method: 'GET',
      service: 'sts',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      expiresIn: 60,
      date: new Date(Date.now() - 600_000),
    });
    const res = await sendRaw(server.endpoint, req);
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Signature expired: .* - 1 min\.\)/);
  });

  it('answers a malformed Authorization header with IncompleteSignatureException', async () => {
    const req = await sign(json('TrentService.ListKeys'));
    const auth = 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kms/aws4_request';
    const res = await sendRaw(server.endpoint, { ...req, headers: { ...req.headers, authorization: auth } });
    expect(JSON.parse(res.body)).toMatchObject({
      __type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth}`,
    });
  });
});
