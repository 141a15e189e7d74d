import { createHash } from 'node:crypto';

/**
 * Storage layout. Secrets are keyed by an internal id, so names (which may contain '/')
 * never shape a path; the name index stores a hash, so the untrusted backend's keys
 * do not spell secret names.
 */
export const secretPrefix = (account: string, region: string): string => `sm/${account}/${region}/secret/`;
export const secretPath = (account: string, region: string, sid: string): string => `${secretPrefix(account, region)}${sid}`;
export const valuePrefix = (account: string, region: string, sid: string): string => `sm/${account}/${region}/value/${sid}/`;
export const valuePath = (account: string, region: string, sid: string, versionId: string): string =>
  `${valuePrefix(account, region, sid)}${versionId}`;
export const namePath = (account: string, region: string, name: string): string =>
  `sm/${account}/${region}/name/${createHash('sha256').update(name, 'utf8').digest('hex')}`;

/** Purge queue, ordered by time so the sweeper reads only what is due. */
export const PURGE_PREFIX = 'sm-purge/';
export const purgePath = (at: number, account: string, region: string, sid: string): string =>
  `${PURGE_PREFIX}${String(at).padStart(15, '0')}/${account}/${region}/${sid}`;
