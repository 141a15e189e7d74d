import { describe, expect, it } from 'vitest';
import { compileFilters, matchesAll, words, type Filterable } from '../../src/services/secretsmanager/filters.js';

const s = (over: Partial<Filterable> = {}): Filterable => ({ name: 'DatabaseSecret', description: 'Prod Credentials', tags: [], ...over });
const match = (secret: Filterable, filters: { Key: string; Values: string[] }[]) =>
  matchesAll(secret, compileFilters(filters as never));

describe('ListSecrets filters', () => {
  it('name: case-sensitive prefix', () => {
    expect(match(s(), [{ Key: 'name', Values: ['Data'] }])).toBe(true);
    expect(match(s({ name: 'databaseSecret' }), [{ Key: 'name', Values: ['Data'] }])).toBe(false);
    expect(match(s({ name: 'MyData' }), [{ Key: 'name', Values: ['Data'] }])).toBe(false);
  });

  it('description: case-insensitive prefix', () => {
    expect(match(s(), [{ Key: 'description', Values: ['prod'] }])).toBe(true);
    expect(match(s(), [{ Key: 'description', Values: ['cred'] }])).toBe(false);
  });

  it('tag-key and tag-value: case-sensitive prefix', () => {
    const t = s({ tags: [{ Key: 'Env', Value: 'production' }] });
    expect(match(t, [{ Key: 'tag-key', Values: ['En'] }])).toBe(true);
    expect(match(t, [{ Key: 'tag-key', Values: ['en'] }])).toBe(false);
    expect(match(t, [{ Key: 'tag-value', Values: ['prod'] }])).toBe(true);
  });

  it('primary-region and owning-service', () => {
    expect(match(s({ primaryRegion: 'eu-west-1' }), [{ Key: 'primary-region', Values: ['eu-'] }])).toBe(true);
    expect(match(s(), [{ Key: 'primary-region', Values: ['eu-'] }])).toBe(false);
    expect(match(s({ owningService: 'rds' }), [{ Key: 'owning-service', Values: ['rds'] }])).toBe(true);
  });

  it('all: words, case-insensitive, across every attribute', () => {
    expect(words('credsDatabase#892')).toEqual(['creds', 'database', '892']);
    expect(match(s(), [{ Key: 'all', Values: ['secret'] }])).toBe(true);
    expect(match(s(), [{ Key: 'all', Values: ['credentials'] }])).toBe(true);
    expect(match(s({ tags: [{ Key: 'team', Value: 'blue' }] }), [{ Key: 'all', Values: ['BLUE'] }])).toBe(true);
    expect(match(s(), [{ Key: 'all', Values: ['other'] }])).toBe(false);
  });

  it('! negates; values OR within a filter; filters AND', () => {
    expect(match(s(), [{ Key: 'name', Values: ['!Data'] }])).toBe(false);
    expect(match(s(), [{ Key: 'name', Values: ['!Other'] }])).toBe(true);
    expect(match(s(), [{ Key: 'name', Values: ['Other', 'Data'] }])).toBe(true);
    expect(match(s(), [{ Key: 'name', Values: ['Data'] }, { Key: 'description', Values: ['dev'] }])).toBe(false);
  });
});
