import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from './helpers/aws-cli.js';
import { startServer, type TestServer } from './helpers/server.js';

function python(server: TestServer, script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      ['-c', script],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          ENDPOINT: server.endpoint,
          AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
          AWS_DEFAULT_REGION: server.region,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        timeout: 120_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
    );
  });
}

// Every aws CLI call starts a Python interpreter: allow for a busy machine.
const SLOW = 180_000;

describe('KMS through the aws CLI and boto3 (secure mode)', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-kms-cli-'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const cli = async (args: string[]): Promise<Record<string, unknown>> => {
    const r = await awsCli(server, ['kms', ...args]);
    if (r.code !== 0) throw new Error(`aws kms ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim() === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>);
  };

  it('creates, describes, encrypts and decrypts with an encryption context', async () => {
    const created = (await cli(['create-key', '--description', 'cli key'])).KeyMetadata as Record<string, string>;
    const arn = `arn:aws:kms:us-east-1:${server.account}:key/${created.KeyId}`;
    expect(created).toMatchObject({ Arn: arn, KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled', Description: 'cli key' });
    await cli(['create-alias', '--alias-name', 'alias/cli', '--target-key-id', created.KeyId!]);
    const described = (await cli(['describe-key', '--key-id', 'alias/cli'])).KeyMetadata as Record<string, string>;
    expect(described.KeyId).toBe(created.KeyId);

    const enc = await cli(['encrypt', '--key-id', 'alias/cli', '--plaintext', 'from the cli', '--encryption-context', 'app=coffer']);
    expect(enc.KeyId).toBe(arn);
    const blobFile = path.join(dir, 'blob.bin');
    fs.writeFileSync(blobFile, Buffer.from(enc.CiphertextBlob as string, 'base64'));
    const dec = await cli(['decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=coffer']);
    expect(Buffer.from(dec.Plaintext as string, 'base64').toString()).toBe('from the cli');
    expect(dec.KeyId).toBe(arn);

    const wrong = await awsCli(server, ['kms', 'decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'app=other']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('An error occurred (InvalidCiphertextException) when calling the Decrypt operation');

    const dk = await cli(['generate-data-key', '--key-id', created.KeyId!, '--key-spec', 'AES_256']);
    expect(Buffer.from(dk.Plaintext as string, 'base64')).toHaveLength(32);
  }, SLOW);

  it('signs, verifies and reports AWS errors', async () => {
    const created = (await cli(['create-key', '--key-spec', 'ECC_NIST_P384', '--key-usage', 'SIGN_VERIFY'])).KeyMetadata as Record<string, unknown>;
    expect(created.SigningAlgorithms).toEqual(['ECDSA_SHA_384']);
    const msgFile = path.join(dir, 'msg.txt');
    fs.writeFileSync(msgFile, 'sign this');
    const sig = await cli(['sign', '--key-id', created.KeyId as string, '--message', `fileb://${msgFile}`, '--signing-algorithm', 'ECDSA_SHA_384']);
    const sigFile = path.join(dir, 'sig.bin');
    fs.writeFileSync(sigFile, Buffer.from(sig.Signature as string, 'base64'));
    const ok = await cli(['verify', '--key-id', created.KeyId as string, '--message', `fileb://${msgFile}`, '--signature', `fileb://${sigFile}`, '--signing-algorithm', 'ECDSA_SHA_384']);
    expect(ok.SignatureValid).toBe(true);

    const missing = await awsCli(server, ['kms', 'describe-key', '--key-id', 'nope']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe("An error occurred (NotFoundException) when calling the DescribeKey operation: Invalid keyId 'nope'");
    const usage = await awsCli(server, ['kms', 'encrypt', '--key-id', created.KeyId as string, '--plaintext', 'x']);
    expect(usage.stderr.trim()).toBe(
      `An error occurred (InvalidKeyUsageException) when calling the Encrypt operation: ${created.Arn as string} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    );
    const disabled = (await cli(['create-key'])).KeyMetadata as Record<string, string>;
    await cli(['disable-key', '--key-id', disabled.KeyId!]);
    const refused = await awsCli(server, ['kms', 'generate-data-key', '--key-id', disabled.KeyId!, '--number-of-bytes', '16']);
    expect(refused.stderr.trim()).toBe(`An error occurred (DisabledException) when calling the GenerateDataKey operation: ${disabled.Arn!} is disabled.`);
    const rotation = await cli(['get-key-rotation-status', '--key-id', disabled.KeyId!]);
    expect(rotation).toEqual({ KeyRotationEnabled: false, KeyId: disabled.Arn });
    const sched = await cli(['schedule-key-deletion', '--key-id', disabled.KeyId!, '--pending-window-in-days', '7']);
    expect(sched).toMatchObject({ KeyId: disabled.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    // aws CLI v1 prints timestamps as the epoch seconds it received.
    expect(typeof sched.DeletionDate).toBe('number');
  }, SLOW);

  it('answers boto3: every key type, data keys, errors', async () => {
    const script = `
import os, json, hashlib, boto3
from botocore.exceptions import ClientError
kms = boto3.client('kms', endpoint_url=os.environ['ENDPOINT'])
out = {}
k = kms.create_key(Description='boto')['KeyMetadata']
out['created'] = {f: k[f] for f in ('KeySpec', 'KeyUsage', 'KeyState', 'Origin', 'KeyManager', 'MultiRegion')}
out['creation_is_datetime'] = type(k['CreationDate']).__name__
enc = kms.encrypt(KeyId=k['KeyId'], Plaintext=b'boto plaintext', EncryptionContext={'a': 'b'})
dec = kms.decrypt(CiphertextBlob=enc['CiphertextBlob'], EncryptionContext={'a': 'b'})
out['roundtrip'] = dec['Plaintext'].decode()
out['decrypt_key'] = dec['KeyId'] == k['Arn']
try:
    kms.decrypt(CiphertextBlob=enc['CiphertextBlob'])
except ClientError as e:
    out['no_context'] = e.response['Error']['Code']
dk = kms.generate_data_key(KeyId=k['KeyId'], NumberOfBytes=48)
out['dk_len'] = len(dk['Plaintext'])
out['dk_back'] = kms.decrypt(CiphertextBlob=dk['CiphertextBlob'])['Plaintext'] == dk['Plaintext']
rsa = kms.create_key(KeySpec='RSA_2048', KeyUsage='SIGN_VERIFY')['KeyMetadata']
digest = hashlib.sha256(b'boto message').digest()
s = kms.sign(KeyId=rsa['KeyId'], Message=digest, MessageType='DIGEST', SigningAlgorithm='RSASSA_PSS_SHA_256')
v = kms.verify(KeyId=rsa['KeyId'], Message=b'boto message', Signature=s['Signature'], SigningAlgorithm='RSASSA_PSS_SHA_256')
out['verified'] = v['SignatureValid']
h = kms.create_key(KeySpec='HMAC_512', KeyUsage='GENERATE_VERIFY_MAC')['KeyMetadata']
m = kms.generate_mac(KeyId=h['KeyId'], Message=b'm', MacAlgorithm='HMAC_SHA_512')
out['mac_len'] = len(m['Mac'])
out['mac_ok'] = kms.verify_mac(KeyId=h['KeyId'], Message=b'm', Mac=m['Mac'], MacAlgorithm='HMAC_SHA_512')['MacValid']
try:
    kms.verify_mac(KeyId=h['KeyId'], Message=b'n', Mac=m['Mac'], MacAlgorithm='HMAC_SHA_512')
except ClientError as e:
    out['bad_mac'] = e.response['Error']['Code']
try:
    kms.create_key(KeySpec='SM2', KeyUsage='ENCRYPT_DECRYPT')
except ClientError as e:
    out['sm2'] = [e.response['Error']['Code'], e.response['Error']['Message']]
try:
    kms.generate_random(NumberOfBytes=2000)
except ClientError as e:
    out['random'] = e.response['Error']['Message']
kms.create_alias(AliasName='alias/boto', TargetKeyId=k['KeyId'])
pages = kms.get_paginator('list_aliases').paginate(PaginationConfig={'PageSize': 5})
out['aliases'] = [a['AliasName'] for p in pages for a in p['Aliases'] if a['AliasName'] == 'alias/boto']
keys = [x['KeyId'] for p in kms.get_paginator('list_keys').paginate(PaginationConfig={'PageSize': 1}) for x in p['Keys']]
out['listed'] = k['KeyId'] in keys and rsa['KeyId'] in keys
print(json.dumps(out))
`;
    const r = await python(server, script);
    expect(r.stderr).not.toContain('Traceback');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      created: { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', MultiRegion: false },
      creation_is_datetime: 'datetime',
      roundtrip: 'boto plaintext',
      decrypt_key: true,
      no_context: 'InvalidCiphertextException',
      dk_len: 48,
      dk_back: true,
      verified: true,
      mac_len: 64,
      mac_ok: true,
      bad_mac: 'KMSInvalidMacException',
      sm2: ['UnsupportedOperationException', 'KeySpec SM2 is not supported in this Region'],
      random: "1 validation error detected: Value '2000' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      aliases: ['alias/boto'],
      listed: true,
    });
  }, SLOW);
});
