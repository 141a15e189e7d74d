import type { KeySpec, MacAlgorithmSpec } from '../../generated/kms-types.js';
import { incompatibleAlgorithm } from './errors.js';
import { specInfo } from './key-specs.js';

/** HMAC keys take exactly the one MAC algorithm of their spec. */
export function macHash(spec: KeySpec, alg: MacAlgorithmSpec): string {
  const info = specInfo(spec);
  if (!(info.algorithms.GENERATE_VERIFY_MAC?.MacAlgorithms ?? []).includes(alg)) throw incompatibleAlgorithm(alg, spec);
  return info.hash!;
}
