import type { Principal } from '../protocol/operation.js';
import type { AppServices } from '../server/app-services.js';
import type { InvalidationBus } from '../server/invalidation.js';
import { IamReader } from '../services/iam/repo.js';
import type { AttachedRef, EntityRecord } from '../services/iam/records.js';
import { ACCESS_KEY_TOPIC } from './identity-store-impl.js';
import { combineSessionPolicies } from './session-policies.js';
import { IAM_TOPIC } from './topics.js';

/** A policy document and what to call it in a decision (a managed policy's ARN, an inline policy's name). */
export interface PolicyDocument {
  document: string;
  arn?: string;
  name?: string;
}

export interface PrincipalPolicies {
  /** A user's inline and attached policies and its groups'; or an assumed role's. */
  identity: PolicyDocument[];
  /** The session's policies (AssumeRole Policy and PolicyArns) as one document; absent: no session policy. */
  sessionPolicy?: string;
  /** The same, one document per session policy. */
  sessionPolicies?: string[];
  /** The user's or role's permissions boundary. */
  boundary?: PolicyDocument;
}

const NONE: PrincipalPolicies = Object.freeze({ identity: [] }) as PrincipalPolicies;

/**
 * Per node: what applies to each principal, loaded once and kept until an IAM change in its
 * account (or a change of its session's key) is announced on the bus, from any node.
 */
class PolicyCache {
  private readonly byAccount = new Map<string, Map<string, PrincipalPolicies>>();
  private readonly generation = new Map<string, number>();
  private resets = 0;

  constructor(bus: InvalidationBus) {
    bus.subscribe((topic, key) => {
      if (topic === IAM_TOPIC) this.dropAccount(key);
      else if (topic === ACCESS_KEY_TOPIC) this.dropKey(key);
      else if (topic === 'reset') this.dropAll();
    });
  }

  async get(app: AppServices, p: Principal): Promise<PrincipalPolicies> {
    const key = cacheKey(p);
    const hit = this.byAccount.get(p.account)?.get(key);
    if (hit) return hit;
    const gen = this.gen(p.account);
    const resets = this.resets;
    const loaded = await load(app, p);
    // Something changed while loading: answer, but do not keep what may already be stale.
    if (this.gen(p.account) === gen && this.resets === resets) {
      let m = this.byAccount.get(p.account);
      if (!m) this.byAccount.set(p.account, (m = new Map()));
      m.set(key, loaded);
    }
    return loaded;
  }

  private gen(account: string): number {
    return this.generation.get(account) ?? 0;
  }

  private dropAccount(account: string): void {
    this.generation.set(account, this.gen(account) + 1);
    this.byAccount.delete(account);
  }

  private dropKey(accessKeyId: string): void {
    for (const [account, m] of this.byAccount) {
      for (const k of m.keys()) if (k.endsWith(`|${accessKeyId}`)) this.dropAccount(account);
    }
  }

  private dropAll(): void {
    this.resets += 1;
    this.byAccount.clear();
  }
}

/** Role sessions differ by their session policy, so each session is its own entry. */
const cacheKey = (p: Principal): string => `${p.type}|${p.userId}|${p.type === 'assumed-role' ? p.accessKeyId : ''}`;

const caches = new WeakMap<InvalidationBus, PolicyCache>();

/**
 * The policy documents that apply to a principal: a user's inline and attached policies and
 * those of its groups, or an assumed role's plus the session's policies; and the permissions
 * boundary. Root and service principals have none. A principal whose user or role is gone (or
 * was replaced by a namesake) gets none either, so its calls are refused.
 */
export async function policiesForPrincipal(app: AppServices, principal: Principal): Promise<PrincipalPolicies> {
  if (principal.type !== 'user' && principal.type !== 'assumed-role') return NONE;
  let cache = caches.get(app.bus);
  if (!cache) caches.set(app.bus, (cache = new PolicyCache(app.bus)));
  return cache.get(app, principal);
}

function nameFromArn(arn: string, type: 'user' | 'assumed-role'): string {
  const resource = arn.split(':').slice(5).join(':');
  const parts = resource.split('/');
  return (type === 'user' ? parts[parts.length - 1] : parts[1]) ?? '';
}

async function load(app: AppServices, p: Principal): Promise<PrincipalPolicies> {
  const reader = new IamReader(app.store, p.account);
  const name = p.name ?? nameFromArn(p.arn, p.type as 'user' | 'assumed-role');
  if (p.type === 'user') {
    const u = await reader.entity('user', name);
    if (!u || u.id !== p.userId) return NONE;
    const identity = await entityPolicies(reader, u);
    for (const groupName of u.groups) {
      const g = await reader.entity('group', groupName);
      if (g) identity.push(...(await entityPolicies(reader, g)));
    }
    return withBoundary(reader, { identity }, u.boundary);
  }
  const r = await reader.entity('role', name);
  if (!r || r.id !== p.userId.split(':')[0]) return NONE;
  const out: PrincipalPolicies = { identity: await entityPolicies(reader, r) };
  const key = await app.identity.lookupAccessKey(p.accessKeyId);
  const session = key?.sessionPolicies;
  if (session && session.length > 0) {
    out.sessionPolicies = session;
    out.sessionPolicy = combineSessionPolicies(session);
  }
  return withBoundary(reader, out, r.boundary);
}

async function entityPolicies(reader: IamReader, e: EntityRecord): Promise<PolicyDocument[]> {
  const docs: PolicyDocument[] = e.inlinePolicies.map((ip) => ({ document: ip.document, name: ip.name }));
  for (const a of e.attached) {
    const doc = await managedDocument(reader, a);
    if (doc) docs.push(doc);
  }
  return docs;
}

async function managedDocument(reader: IamReader, a: AttachedRef): Promise<PolicyDocument | undefined> {
  const p = await reader.policyByArn(a.arn);
  const v = p?.versions.find((x) => x.id === p.defaultVersion);
  return v ? { document: v.document, arn: a.arn, name: a.name } : undefined;
}

async function withBoundary(reader: IamReader, out: PrincipalPolicies, arn: string | undefined): Promise<PrincipalPolicies> {
  if (arn === undefined) return out;
  const doc = await managedDocument(reader, { arn, name: arn.split('/').pop() ?? arn });
  // A boundary that cannot be read allows nothing: an empty allow-list, never "no boundary".
  out.boundary = doc ?? { document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"coffer:Nothing","Resource":"*"}]}', arn };
  return out;
}
