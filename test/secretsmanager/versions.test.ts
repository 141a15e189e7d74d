import { describe, expect, it } from 'vitest';
import type { SecretRecord } from '../../src/services/secretsmanager/secret.js';
import { addVersion, moveStage, pruneVersions, versionsToStages } from '../../src/services/secretsmanager/versions.js';

const secret = (): SecretRecord => ({
  sid: 's',
  arn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:x-AbCdEf',
  name: 'x',
  account: '111111111111',
  region: 'us-east-1',
  tags: [],
  created: 0,
  lastChanged: 0,
  rotation: { requested: false, enabled: false },
  versions: {},
  rev: 1,
});

const meta = (created = 0) => ({ created, keyArn: 'k' });

describe('staging labels when a version is added', () => {
  it('makes the first version AWSCURRENT, even with explicit stages', () => {
    const r = secret();
    expect(addVersion(r, 'v1', meta(), ['AWSPENDING'])).toEqual(['AWSPENDING', 'AWSCURRENT']);
  });

  it('moves AWSCURRENT and makes the old current AWSPREVIOUS; the old previous loses it', () => {
    const r = secret();
    addVersion(r, 'v1', meta(), undefined);
    addVersion(r, 'v2', meta(), undefined);
    expect(versionsToStages(r)).toEqual({ v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] });
    addVersion(r, 'v3', meta(), undefined);
    expect(versionsToStages(r)).toEqual({ v2: ['AWSPREVIOUS'], v3: ['AWSCURRENT'] });
    expect(r.versions.v1!.stages).toEqual([]);
  });

  it('leaves AWSCURRENT alone for explicit AWSPENDING or custom labels', () => {
    const r = secret();
    addVersion(r, 'v1', meta(), undefined);
    addVersion(r, 'v2', meta(), ['AWSPENDING']);
    expect(versionsToStages(r)).toEqual({ v1: ['AWSCURRENT'], v2: ['AWSPENDING'] });
    addVersion(r, 'v3', meta(), ['blue']);
    addVersion(r, 'v4', meta(), ['blue']);
    expect(versionsToStages(r)).toEqual({ v1: ['AWSCURRENT'], v2: ['AWSPENDING'], v4: ['blue'] });
  });
});

describe('UpdateSecretVersionStage', () => {
  const three = () => {
    const r = secret();
    addVersion(r, 'v1', meta(), undefined);
    addVersion(r, 'v2', meta(), undefined);
    addVersion(r, 'v3', meta(), ['AWSPENDING']);
    return r;
  };

  it('moving AWSCURRENT moves AWSPREVIOUS to the version it left', () => {
    const r = three();
    moveStage(r, 'AWSCURRENT', 'v3', 'v2');
    expect(versionsToStages(r)).toEqual({ v2: ['AWSPREVIOUS'], v3: ['AWSPENDING', 'AWSCURRENT'] });
  });

  it('refuses to move an attached label without RemoveFromVersionId, with AWS message', () => {
    const r = three();
    expect(() => moveStage(r, 'AWSCURRENT', 'v3', undefined)).toThrow(
      "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version v2, so you must explicitly reference that version in RemoveFromVersionId.",
    );
  });

  it('refuses a RemoveFromVersionId that does not hold the label', () => {
    const r = three();
    expect(() => moveStage(r, 'AWSCURRENT', 'v3', 'v1')).toThrow(/not attached to the version v1/);
  });

  it('removes a label when MoveToVersionId is omitted', () => {
    const r = three();
    moveStage(r, 'AWSPENDING', undefined, 'v3');
    expect(r.versions.v3!.stages).toEqual([]);
  });

  it('refuses unknown versions', () => {
    const r = three();
    expect(() => moveStage(r, 'x', 'nope', undefined)).toThrow('Not a valid version: nope');
  });

  it('attaches a new custom label without RemoveFromVersionId', () => {
    const r = three();
    moveStage(r, 'green', 'v1', undefined);
    expect(r.versions.v1!.stages).toEqual(['AWSPREVIOUS', 'green']);
  });

  it('enforces 20 labels per secret', () => {
    const r = three();
    for (let i = 0; i < 17; i++) moveStage(r, `l${i}`, 'v1', undefined);
    expect(() => moveStage(r, 'one-too-many', 'v1', undefined)).toThrow(/at most 20 staging labels/);
  });
});

describe('retention', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it('keeps at most 100 versions, dropping the oldest unlabelled ones', () => {
    const r = secret();
    for (let i = 0; i < 105; i++) {
      addVersion(r, `v${i}`, meta(i), undefined);
      pruneVersions(r, i + DAY);
    }
    const ids = Object.keys(r.versions);
    expect(ids).toHaveLength(100);
    expect(ids).not.toContain('v0');
    expect(ids).toContain('v104');
    expect(ids).toContain('v103');
  });

  it('never drops a version younger than 24 hours', () => {
    const r = secret();
    for (let i = 0; i < 150; i++) {
      addVersion(r, `v${i}`, meta(i), undefined);
      pruneVersions(r, 150);
    }
    expect(Object.keys(r.versions)).toHaveLength(150);
    expect(pruneVersions(r, 150 + DAY)).toHaveLength(50);
  });
});
