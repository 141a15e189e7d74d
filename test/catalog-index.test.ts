import { describe, expect, it } from 'vitest';
import { RegionCatalog } from '../src/services/secretsmanager/catalog.js';
import type { SecretRecord } from '../src/services/secretsmanager/secret.js';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function record(sid: string, name: string, created: number, rev: number): SecretRecord {
  return {
    sid,
    arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-${sid.slice(0, 6)}`,
    name,
    account: '123456789012',
    region: 'us-east-1',
    tags: [],
    created,
    lastChanged: created,
    rotation: { requested: false, enabled: false },
    versions: {},
    rev,
  };
}

const byCreation = (a: SecretRecord, b: SecretRecord): number => a.created - b.created || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);

describe('secret catalog order and name index', () => {
  it('stays in creation order, and finds by name prefix exactly what a scan finds, through puts, updates and removals', () => {
    const next = rng(7);
    const cat = new RegionCatalog('123456789012', 'us-east-1');
    const live = new Map<string, SecretRecord>();
    const prefixes = ['a', 'ab', 'b/', 'b/c', 'zz', ''];
    for (let step = 0; step < 3000; step++) {
      const roll = next();
      if (roll < 0.55 || live.size === 0) {
        const sid = `sid-${step}`;
        // Few distinct times, so many secrets share a creation millisecond.
        const r = record(sid, `${'ab/'[Math.floor(next() * 3)]}${'bc/'[Math.floor(next() * 3)]}-${step}`, Math.floor(next() * 50), 1);
        cat.put(r);
        live.set(sid, r);
      } else if (roll < 0.85) {
        const sids = [...live.keys()];
        const old = live.get(sids[Math.floor(next() * sids.length)]!)!;
        const updated = { ...old, rev: old.rev + 1, lastChanged: old.lastChanged + 1 };
        cat.put(updated);
        live.set(old.sid, updated);
      } else {
        const sids = [...live.keys()];
        const sid = sids[Math.floor(next() * sids.length)]!;
        cat.remove(sid);
        live.delete(sid);
      }
      if (step % 97 === 0) {
        // Use both lists early, so they are maintained rather than rebuilt.
        cat.all();
        cat.withNamePrefix(['a']);
      }
    }
    const expected = [...live.values()].sort(byCreation);
    expect(cat.all()).toEqual(expected);
    for (const p of prefixes) expect(cat.withNamePrefix([p])).toEqual(expected.filter((r) => r.name.startsWith(p)));
    expect(cat.withNamePrefix(['a', 'ab', 'b/'])).toEqual(expected.filter((r) => r.name.startsWith('a') || r.name.startsWith('b/')));
  });

  it('ignores an older revision of a record it already holds', () => {
    const cat = new RegionCatalog('123456789012', 'us-east-1');
    cat.put(record('s1', 'n', 1, 2));
    cat.put(record('s1', 'n', 1, 1));
    expect(cat.all()[0]!.rev).toBe(2);
  });

  it('finds by ARN exactly the record holding that ARN, through the name index', () => {
    const cat = new RegionCatalog('123456789012', 'us-east-1');
    const names = ['a', 'with-dashes-abcdef', 'path/to/x', 'x-', 'n@b.c+d=e_f'];
    names.forEach((n, i) => cat.put(record(`sid${i}xx`, n, i, 1)));
    for (const n of names) {
      const r = cat.byName(n)!;
      expect(cat.byArn(r.arn)).toBe(r);
      expect(cat.byArn(r.arn.slice(0, -1) + 'Z')).toBeUndefined(); // another suffix
      expect(cat.byArn(r.arn.slice(0, -7))).toBeUndefined(); // a partial ARN is looked up by name instead
      expect(cat.byArn(r.arn.replace('us-east-1', 'us-west-2'))).toBeUndefined();
    }
    expect(cat.byArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:')).toBeUndefined();
    expect(cat.byArn('not an arn')).toBeUndefined();
    // Gone with the record: a removed secret's ARN finds nothing, a new secret of that name only by its own ARN.
    const old = cat.byName('a')!;
    cat.remove(old.sid);
    expect(cat.byArn(old.arn)).toBeUndefined();
    cat.put(record('sidNEWxx', 'a', 9, 1));
    expect(cat.byArn(old.arn)).toBeUndefined();
    expect(cat.byArn(cat.byName('a')!.arn)?.sid).toBe('sidNEWxx');
  });
});
