import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppServices } from '../server/app-services.js';
import { auditLine, logLine } from '../server/log.js';
import type { Metrics, OperationMetrics } from '../server/metrics.js';
import { authenticate } from './authenticate.js';
import type { SigV4Input } from './sigv4/index.js';
import { authorize } from './authorize.js';
import { AwsError, serializationError } from './errors.js';
import type { AnyOperation, AuthzTarget, RequestContext, ServiceName } from './operation.js';
import type { OperationTable } from './operation-table.js';
import { hasOperation } from './validate.js';
import { validateInput } from './validate.js';
import { parseQueryInput } from './query-protocol.js';
import { INTERNAL_ERROR_CODE } from './targets.js';
import { parseTarget } from './targets.js';
import { jsonError, jsonSuccess, queryError, querySuccess, type WireResponse } from './responses.js';

export interface WireRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** Node's raw header list: repeated headers as the client signed them. */
  rawHeaders?: readonly string[];
  body: Buffer;
  sourceIp: string;
  secure: boolean;
}

type Protocol = 'json' | 'query';

interface Parsed {
  protocol: Protocol;
  service: ServiceName;
  operation: string;
  /** Query protocol: every parameter, from the URL and a form body. */
  params?: URLSearchParams;
  /** JSON protocol: whether X-Amz-Target named a known service (else the input is empty). */
  hasTarget?: boolean;
}

/**
 * The one request pipeline: protocol -> SigV4 -> operation lookup -> validation ->
 * authorization -> handler -> serialization, with one audit line and one metric per
 * call. Operations see only validated input and a request context.
 */
export class Dispatcher {
  private readonly opMetrics = new Map<AnyOperation, OperationMetrics>();

  constructor(
    private readonly app: () => AppServices,
    private readonly table: OperationTable,
    private readonly metrics: Metrics,
  ) {}

  async dispatch(req: WireRequest): Promise<WireResponse> {
    const started = performance.now();
    const requestId = randomUUID();
    const app = this.app();
    const now = app.clock.now();
    const targetHeader = req.headers['x-amz-target'];
    const target = typeof targetHeader === 'string' ? parseTarget(targetHeader) : undefined;
    let protocol: Protocol = targetHeader === undefined && isQueryRequest(req) ? 'query' : 'json';
    let service: ServiceName = protocol === 'query' ? 'sts' : (target?.service ?? 'kms');
    let opName = 'Unknown';
    let op: AnyOperation | undefined;
    let principalArn: string | undefined;
    let resource: string | undefined;
    try {
      const auth = await authenticate(authInput(req, protocol === 'json' ? service : undefined), app, now);
      principalArn = auth.principal.arn;
      const parsed = parseRequest(req, protocol, auth.signingService, target);
      protocol = parsed.protocol;
      service = parsed.service;
      opName = parsed.operation;
      if (auth.signingService !== undefined && auth.signingService !== service) {
        throw new AwsError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. `);
      }
      op = this.table.get(service, opName);
      if (!op) {
        const loading = this.table.load(service);
        if (loading) {
          await loading;
          op = this.table.get(service, opName);
        }
      }
      if (!op) throw unknownOperation(protocol, opName);
      const raw =
        parsed.params !== undefined ? parseQueryInput(service, opName, parsed.params) : parsed.hasTarget ? parseJsonBody(req.body) : {};
      const input = validateInput(service, opName, raw);
      const ctx: RequestContext = {
        requestId,
        service,
        operation: opName,
        region: auth.region,
        account: auth.principal.account,
        principal: auth.principal,
        sourceIp: req.sourceIp,
        secureTransport: req.secure,
        now,
        app,
      };
      let authzTarget: AuthzTarget = NO_TARGET;
      if (op.target) {
        const t = op.target(input, ctx);
        authzTarget = t instanceof Promise ? await t : t;
      }
      resource = authzTarget.resource;
      await authorize(ctx, op, authzTarget);
      const output = (await op.handler(input, ctx)) ?? {};
      const relayed = app.bus.relayed();
      if (relayed) await relayed;
      this.finish(app, service, opName, 'ok', started, requestId, principalArn, resource, op);
      return protocol === 'json' ? jsonSuccess(output, requestId) : querySuccess(service, opName, output, requestId);
    } catch (thrown) {
      const err = toAwsError(thrown, service, requestId);
      this.finish(app, service, opName, err.code, started, requestId, principalArn, resource, op);
      return protocol === 'json' ? jsonError(err, service, requestId) : queryError(err, service, requestId);
    }
  }

  private finish(
    app: AppServices,
    service: ServiceName,
    operation: string,
    outcome: string,
    started: number,
    requestId: string,
    principal: string | undefined,
    resource: string | undefined,
    op: AnyOperation | undefined,
  ): void {
    const ms = performance.now() - started;
    if (op) this.metricsOf(op).record(outcome, ms);
    else this.metrics.record(`${service}:${operation}`, outcome, ms);
    if (!app.config.audit) return;
    auditLine(op?.action ?? `${service}:${operation}`, principal, resource, outcome, requestId);
  }

  private metricsOf(op: AnyOperation): OperationMetrics {
    let m = this.opMetrics.get(op);
    if (!m) {
      m = this.metrics.forOperation(`${op.service}:${op.name}`);
      this.opMetrics.set(op, m);
    }
    return m;
  }
}

/** Operations without a target() authorize against no resource. */
const NO_TARGET: AuthzTarget = Object.freeze({}) as AuthzTarget;

function isQueryRequest(req: WireRequest): boolean {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return true;
  return req.method === 'GET' && /(^|&)Action=/.test(req.rawQuery);
}

function authInput(req: WireRequest, service: ServiceName | undefined): SigV4Input {
  return { method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers, rawHeaders: req.rawHeaders, body: req.body, service };
}

function parseRequest(
  req: WireRequest,
  protocol: Protocol,
  signingService: string | undefined,
  target: { service: ServiceName; operation: string } | undefined,
): Parsed {
  if (protocol === 'json') {
    if (!target) {
      const targetHeader = req.headers['x-amz-target'];
      const service = signingService === 'secretsmanager' ? 'secretsmanager' : 'kms';
      return { protocol, service, operation: String(targetHeader ?? 'Unknown'), hasTarget: false };
    }
    return { protocol, service: target.service, operation: target.operation, hasTarget: true };
  }
  const params = new URLSearchParams(req.rawQuery);
  if (req.method === 'POST') for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
  const operation = params.get('Action') ?? '';
  const service: ServiceName =
    signingService === 'iam' || signingService === 'sts' ? signingService : hasOperation('sts', operation) ? 'sts' : 'iam';
  return { protocol, service, operation, params };
}

function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError('Start of structure or map found where not expected.');
  }
}

function unknownOperation(protocol: Protocol, name: string): AwsError {
  return protocol === 'json'
    ? new AwsError('UnknownOperationException', '')
    : new AwsError('InvalidAction', `Could not find operation ${name} for version 2011-06-15`);
}

function toAwsError(thrown: unknown, service: ServiceName, requestId: string): AwsError {
  if (thrown instanceof AwsError) return thrown;
  // Log where it broke but never the message: it may quote data the request carried.
  const e = thrown instanceof Error ? thrown : new Error('non-error thrown');
  const frames = (e.stack ?? '').split('\n').slice(1, 8).map((l) => l.trim());
  logLine({ type: 'error', requestId, error: e.constructor.name, frames });
  return new AwsError(INTERNAL_ERROR_CODE[service], 'An internal error occurred. Try again later.', 500);
}
