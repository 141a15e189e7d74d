import { execFileSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { CreateUserCommand, GetAccountSummaryCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/protocol/errors.js';
import type { ServiceName } from '../src/protocol/operation.js';
import { parseQueryInput, serializeQueryError, serializeQueryResponse } from '../src/protocol/query-protocol.js';
import { escapeXml } from '../src/protocol/query-xml.js';
import { validateInput } from '../src/protocol/validate.js';

// ---- botocore, driven from python3: its QuerySerializer builds requests, its QueryParser reads our XML.

const BOTOCORE_HELPER = `
import base64, datetime, json, sys
import botocore.session
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

loader = botocore.session.get_session().get_component('data_loader')
models = {}

def op_model(service, operation):
    if service not in models:
        models[service] = ServiceModel(loader.load_service_model(service, 'service-2'), service)
    return models[service].operation_model(operation)

def encode(v):
    if isinstance(v, datetime.datetime):
        return {'$ms': round(v.timestamp() * 1000)}
    if isinstance(v, bytes):
        return {'$blob': base64.b64encode(v).decode()}
    raise TypeError(type(v))

out = []
for req in json.load(sys.stdin):
    op = op_model(req['service'], req['operation'])
    if req['mode'] == 'serialize':
        body = create_serializer('query').serialize_to_request(req['params'], op)['body']
        out.append([[k, str(v)] for k, v in body.items()])
    else:
        status = req['status']
        shape = op.output_shape if status == 200 else None
        parsed = create_parser('query').parse({'body': req['body'].encode(), 'headers': {}, 'status_code': status}, shape)
        out.append(parsed)
print(json.dumps(out, default=encode))
`;

const hasBotocore = ((): boolean => {
  try {
    execFileSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type BotocoreRequest =
  | { mode: 'serialize'; service: ServiceName; operation: string; params: unknown }
  | { mode: 'parse'; service: ServiceName; operation: string; body: string; status: number };

function botocore(requests: BotocoreRequest[]): unknown[] {
  const out = execFileSync('python3', ['-c', BOTOCORE_HELPER], { input: JSON.stringify(requests), encoding: 'utf8' });
  return JSON.parse(out) as unknown[];
}

/** Dates and Buffers as the python side writes them, so both sides compare as plain JSON. */
function tagged(v: unknown): unknown {
  if (v instanceof Date) return { $ms: v.getTime() };
  if (Buffer.isBuffer(v)) return { $blob: v.toString('base64') };
  if (Array.isArray(v)) return v.map(tagged);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tagged(x)]));
  return v;
}

const tags = (n: number): Array<{ Key: string; Value: string }> =>
  Array.from({ length: n }, (_, i) => ({ Key: `key-${i + 1}`, Value: `value ${i + 1} é+=:/@` }));

const REQUESTS: Array<{ name: string; service: ServiceName; operation: string; params: Record<string, unknown> }> = [
  {
    name: 'STS AssumeRole with policy ARNs, tags, transitive keys and provided contexts',
    service: 'sts',
    operation: 'AssumeRole',
    params: {
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'ci@build=1,2.3-x',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::123456789012:policy/p' }],
      Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      DurationSeconds: 900,
      Tags: tags(12),
      TransitiveTagKeys: ['key-1', 'key-2'],
      ExternalId: 'ext-id/with:chars=+,.@',
      ProvidedContexts: [{ ProviderArn: 'arn:aws:iam::aws:contextProvider/IdentityCenter', ContextAssertion: 'x'.repeat(10) }],
    },
  },
  {
    name: 'STS AssumeRole with an empty list',
    service: 'sts',
    operation: 'AssumeRole',
    params: { RoleArn: 'arn:aws:iam::123456789012:role/deploy', RoleSessionName: 's1', TransitiveTagKeys: [] },
  },
  {
    name: 'IAM CreateUser with tags',
    service: 'iam',
    operation: 'CreateUser',
    params: { Path: '/division/', UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b', Tags: tags(2) },
  },
  {
    name: 'IAM UpdateAccountPasswordPolicy: integers and booleans',
    service: 'iam',
    operation: 'UpdateAccountPasswordPolicy',
    params: { MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: false, MaxPasswordAge: 90, HardExpiry: false },
  },
  {
    name: 'IAM SimulatePrincipalPolicy: lists of structures holding lists',
    service: 'iam',
    operation: 'SimulatePrincipalPolicy',
    params: {
      PolicySourceArn: 'arn:aws:iam::123456789012:user/alice',
      ActionNames: ['kms:Encrypt', 'kms:Decrypt'],
      ResourceArns: ['*'],
      ContextEntries: [
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.0.0.1', '10.0.0.2'], ContextKeyType: 'ipList' },
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
      ],
      MaxItems: 100,
    },
  },
];

describe.skipIf(!hasBotocore)('parseQueryInput reads what botocore sends', () => {
  const bodies = hasBotocore
    ? (botocore(REQUESTS.map((r) => ({ mode: 'serialize', service: r.service, operation: r.operation, params: r.params }))) as string[][][])
    : [];
  REQUESTS.forEach((r, i) => {
    it(r.name, () => {
      const params = new URLSearchParams(bodies[i]);
      expect(params.get('Action')).toBe(r.operation);
      const parsed = parseQueryInput(r.service, r.operation, params);
      expect(parsed).toEqual(r.params);
      expect(validateInput(r.service, r.operation, parsed)).toEqual(r.params);
    });
  });

  it('reads the same form after URL encoding, as it arrives over HTTP', () => {
    const r = REQUESTS[0] as (typeof REQUESTS)[number];
    const wire = new URLSearchParams(bodies[0]).toString();
    expect(parseQueryInput(r.service, r.operation, new URLSearchParams(wire))).toEqual(r.params);
  });
});

describe('parseQueryInput', () => {
  it('orders list members by index, not by arrival', () => {
    const params = new URLSearchParams('TransitiveTagKeys.member.2=b&TransitiveTagKeys.member.10=c&TransitiveTagKeys.member.1=a');
    expect(parseQueryInput('sts', 'AssumeRole', params)).toEqual({ TransitiveTagKeys: ['a', 'b', 'c'] });
  });

  it('ignores Action, Version, signature parameters and unknown members', () => {
    const params = new URLSearchParams(
      'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Signature=abc&Bogus=1&RoleArn.member.1=x&Tags.item.1.Key=k',
    );
    expect(parseQueryInput('sts', 'AssumeRole', params)).toEqual({});
    expect(parseQueryInput('sts', 'GetCallerIdentity', params)).toEqual({});
  });

  it('rejects values that do not convert to the member type', () => {
    for (const [op, query] of [
      ['AssumeRole', 'DurationSeconds=abc'],
      ['AssumeRole', 'DurationSeconds=1.5'],
    ] as const) {
      const err = (() => {
        try {
          parseQueryInput('sts', op, new URLSearchParams(query));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(AwsError);
      expect((err as AwsError).code).toBe('SerializationException');
    }
    expect(() => parseQueryInput('iam', 'ListPolicies', new URLSearchParams('OnlyAttached=yes'))).toThrow(AwsError);
  });

  it('accepts booleans in any case and leaves constraint checks to validateInput', () => {
    const parsed = parseQueryInput('iam', 'ListPolicies', new URLSearchParams('OnlyAttached=TRUE&MaxItems=0'));
    expect(parsed).toEqual({ OnlyAttached: true, MaxItems: 0 });
    expect(() => validateInput('iam', 'ListPolicies', parsed)).toThrow(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('returns {} for an operation without input', () => {
    expect(parseQueryInput('iam', 'GetAccountSummary', new URLSearchParams('Action=GetAccountSummary'))).toEqual({});
  });
});

// ---- our XML, read by botocore's QueryParser

const EXPIRATION = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
const CREATED = new Date(Date.UTC(2013, 4, 1, 21, 15, 43));

const RESPONSES: Array<{ name: string; service: ServiceName; operation: string; output: Record<string, unknown> }> = [
  {
    name: 'STS AssumeRole',
    service: 'sts',
    operation: 'AssumeRole',
    output: {
      Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret/+=', SessionToken: 'token<&>"\'', Expiration: EXPIRATION },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s1', Arn: 'arn:aws:sts::123456789012:assumed-role/deploy/s1' },
      PackedPolicySize: 6,
      SourceIdentity: 'ïd',
    },
  },
  {
    name: 'IAM ListUsers: lists of structures, booleans, tags',
    service: 'iam',
    operation: 'ListUsers',
    output: {
      Users: [
        { Path: '/', UserName: 'alice', UserId: 'AIDAEXAMPLE1', Arn: 'arn:aws:iam::123456789012:user/alice', CreateDate: CREATED },
        {
          Path: '/ops/',
          UserName: 'bob',
          UserId: 'AIDAEXAMPLE2',
          Arn: 'arn:aws:iam::123456789012:user/ops/bob',
          CreateDate: CREATED,
          Tags: [{ Key: 'team', Value: 'a & b' }],
        },
      ],
      IsTruncated: false,
    },
  },
  {
    name: 'IAM GetAccountSummary: a map with integer values',
    service: 'iam',
    operation: 'GetAccountSummary',
    output: { SummaryMap: { Users: 2, UsersQuota: 5000, AccountMFAEnabled: 0 } },
  },
];

describe.skipIf(!hasBotocore)('serializeQueryResponse is read back by botocore', () => {
  const parsed = hasBotocore
    ? (botocore(
        RESPONSES.map((r) => ({
          mode: 'parse',
          service: r.service,
          operation: r.operation,
          body: serializeQueryResponse(r.service, r.operation, r.output, 'req-1'),
          status: 200,
        })),
      ) as Array<Record<string, unknown>>)
    : [];
  RESPONSES.forEach((r, i) => {
    it(r.name, () => {
      const { ResponseMetadata, ...rest } = parsed[i] as Record<string, unknown>;
      expect(ResponseMetadata).toMatchObject({ RequestId: 'req-1' });
      expect(rest).toEqual(tagged(r.output));
    });
  });

  it('errors', () => {
    const xml = serializeQueryError(new AwsError('NoSuchEntity', 'The user with name bob & co cannot be found.', 404), 'req-2', 'iam');
    const [out] = botocore([{ mode: 'parse', service: 'iam', operation: 'GetUser', body: xml, status: 404 }]) as Array<
      Record<string, unknown>
    >;
    expect(out).toMatchObject({
      Error: { Type: 'Sender', Code: 'NoSuchEntity', Message: 'The user with name bob & co cannot be found.' },
      ResponseMetadata: { RequestId: 'req-2' },
    });
  });
});

describe('query XML', () => {
  it('has the documented envelope and namespace', () => {
    expect(serializeQueryResponse('sts', 'GetCallerIdentity', { UserId: 'AIDA', Account: '123456789012', Arn: 'arn' }, 'r')).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        '<UserId>AIDA</UserId><Account>123456789012</Account><Arn>arn</Arn></GetCallerIdentityResult>' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
    expect(serializeQueryResponse('iam', 'DeleteUser', {}, 'r')).toBe(
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>',
    );
    expect(serializeQueryError(new AwsError('InternalFailure', 'oops', 500), 'r', 'sts')).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Receiver</Type>' +
        '<Code>InternalFailure</Code><Message>oops</Message></Error><RequestId>r</RequestId></ErrorResponse>',
    );
  });

  it('writes timestamps in ISO 8601 UTC and escapes text', () => {
    const xml = serializeQueryResponse('iam', 'GetUser', { User: { UserName: '<a&b>', CreateDate: CREATED, Path: '/', UserId: 'u', Arn: 'a' } }, 'r');
    expect(xml).toContain('<CreateDate>2013-05-01T21:15:43Z</CreateDate>');
    expect(xml).toContain('<UserName>&lt;a&amp;b&gt;</UserName>');
  });
});

// ---- the AWS SDK for JavaScript v3 end to end: its serializer -> our parser and validator -> our XML -> its parser.

function sdkHandler(respond: (body: string) => { status: number; xml: string }) {
  return {
    async handle(request: HttpRequest) {
      const { status, xml } = respond(String(request.body));
      return {
        response: new HttpResponse({ statusCode: status, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(xml)]) }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}

const sdkConfig = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 };

function serve(service: ServiceName, output: (input: Record<string, unknown>, op: string) => Record<string, unknown>) {
  return (body: string): { status: number; xml: string } => {
    const params = new URLSearchParams(body);
    const op = params.get('Action') ?? '';
    try {
      const input = validateInput(service, op, parseQueryInput(service, op, params));
      return { status: 200, xml: serializeQueryResponse(service, op, output(input, op), 'sdk-req') };
    } catch (e) {
      const err = e as AwsError;
      return { status: err.status, xml: serializeQueryError(err, 'sdk-req', service) };
    }
  };
}

describe('AWS SDK v3 clients round trip', () => {
  it('STS AssumeRole', async () => {
    let seen: Record<string, unknown> = {};
    const client = new STSClient({
      ...sdkConfig,
      requestHandler: sdkHandler(
        serve('sts', (input) => {
          seen = input;
          return RESPONSES[0]?.output as Record<string, unknown>;
        }),
      ),
    });
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/deploy',
        RoleSessionName: 'sdk',
        Tags: [{ Key: 'k', Value: 'v' }],
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        DurationSeconds: 3600,
      }),
    );
    expect(seen).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'sdk',
      Tags: [{ Key: 'k', Value: 'v' }],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      DurationSeconds: 3600,
    });
    expect(out.Credentials?.Expiration).toEqual(EXPIRATION);
    expect(out.Credentials?.SessionToken).toBe('token<&>"\'');
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/deploy/s1');
    expect(out.PackedPolicySize).toBe(6);
  });

  it('STS validation errors reach the SDK as ValidationError', async () => {
    const client = new STSClient({ ...sdkConfig, requestHandler: sdkHandler(serve('sts', () => ({}))) });
    const err = await client
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/deploy', RoleSessionName: 'bad name' }))
      .catch((e: unknown) => e as Error & { $metadata: { requestId?: string; httpStatusCode?: number } });
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('ValidationError');
    expect((err as Error).message).toBe(
      "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it('IAM CreateUser, ListUsers and GetAccountSummary', async () => {
    const inputs: Array<[string, Record<string, unknown>]> = [];
    const client = new IAMClient({
      ...sdkConfig,
      requestHandler: sdkHandler(
        serve('iam', (input, op) => {
          inputs.push([op, input]);
          if (op === 'CreateUser') return { User: { Path: '/', UserName: 'alice', UserId: 'AIDA1', Arn: 'arn:aws:iam::1:user/alice', CreateDate: CREATED, Tags: input.Tags } };
          if (op === 'ListUsers') return RESPONSES[1]?.output as Record<string, unknown>;
          return RESPONSES[2]?.output as Record<string, unknown>;
        }),
      ),
    });
    const created = await client.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'a', Value: 'b c' }] }));
    expect(inputs[0]).toEqual(['CreateUser', { UserName: 'alice', Tags: [{ Key: 'a', Value: 'b c' }] }]);
    expect(created.User?.CreateDate).toEqual(CREATED);
    expect(created.User?.Tags).toEqual([{ Key: 'a', Value: 'b c' }]);

    const users = await client.send(new ListUsersCommand({ PathPrefix: '/', MaxItems: 10 }));
    expect(inputs[1]).toEqual(['ListUsers', { PathPrefix: '/', MaxItems: 10 }]);
    expect(users.Users?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(users.Users?.[1]?.Tags).toEqual([{ Key: 'team', Value: 'a & b' }]);
    expect(users.IsTruncated).toBe(false);

    const summary = await client.send(new GetAccountSummaryCommand({}));
    expect(summary.SummaryMap).toEqual({ Users: 2, UsersQuota: 5000, AccountMFAEnabled: 0 });
  });
});

describe('escapeXml', () => {
  it('keeps surrogate pairs, replaces what XML 1.0 cannot carry', () => {
    expect(escapeXml('a&b<c>"d"\r')).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#13;');
    expect(escapeXml('emoji \u{1F600} ok')).toBe('emoji \u{1F600} ok');
    expect(escapeXml('bad \u0001 \uD800 \uDC00x')).toBe('bad \uFFFD \uFFFD \uFFFDx');
    expect(escapeXml('tab\tnewline\n')).toBe('tab\tnewline\n');
  });
});
