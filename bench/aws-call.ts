import http from 'node:http';
import { signPost, type Credentials, type SignedRequest } from './sigv4.js';

export type Service = 'kms' | 'secretsmanager' | 'sts';

/** Where signed requests go: one server under test. */
export interface Endpoint {
  /** "127.0.0.1:PORT", as signed in the Host header. */
  host: string;
  credentials: Credentials;
  region: string;
}

export interface Call {
  service: Service;
  action: string;
  input?: Record<string, unknown>;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_PREFIX: Record<'kms' | 'secretsmanager', string> = { kms: 'TrentService', secretsmanager: 'secretsmanager' };

export function signCall(ep: Endpoint, call: Call, at?: Date): SignedRequest {
  const base = { host: ep.host, service: call.service, region: ep.region, credentials: ep.credentials, ...(at ? { at } : {}) };
  if (call.service === 'sts') {
    const params = new URLSearchParams({ Action: call.action, Version: '2011-06-15' });
    for (const [k, v] of Object.entries(call.input ?? {})) params.set(k, String(v));
    return signPost({ ...base, contentType: 'application/x-www-form-urlencoded; charset=utf-8', body: params.toString() });
  }
  return signPost({
    ...base,
    contentType: 'application/x-amz-json-1.1',
    target: `${JSON_PREFIX[call.service]}.${call.action}`,
    body: JSON.stringify(call.input ?? {}),
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function send(host: string, req: SignedRequest): Promise<Reply> {
  const [hostname, port] = host.split(':');
  return new Promise((resolve, reject) => {
    const r = http.request(
      { hostname, port: Number(port), method: req.method, path: req.path, headers: req.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

export const call = (ep: Endpoint, c: Call): Promise<Reply> => send(ep.host, signCall(ep, c));

/** Short description of a failed reply: the error type only, never the body's data. */
export function describeFailure(reply: Reply): string {
  let type = reply.headers['x-amzn-errortype'] ?? '';
  if (!type) {
    try {
      type = String((JSON.parse(reply.body) as { __type?: unknown }).__type ?? '');
    } catch {
      type = /<Code>([^<]+)<\/Code>/.exec(reply.body)?.[1] ?? '';
    }
  }
  return `HTTP ${reply.status}${type ? ` ${type.split(':')[0]}` : ''}`;
}

export class CallFailed extends Error {
  constructor(
    readonly what: string,
    readonly reply: Reply,
  ) {
    super(`${what}: ${describeFailure(reply)}`);
  }
}

/** Calls and parses the JSON answer, throwing CallFailed unless it is a 200. */
export async function callOk<T = Record<string, unknown>>(ep: Endpoint, c: Call): Promise<T> {
  const reply = await call(ep, c);
  if (reply.status !== 200) throw new CallFailed(`${c.service}:${c.action}`, reply);
  return (c.service === 'sts' ? {} : JSON.parse(reply.body)) as T;
}

export function closeAgent(): void {
  agent.destroy();
}
