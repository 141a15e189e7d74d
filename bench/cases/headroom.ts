import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { signCall } from '../aws-call.js';
import { median } from '../results.js';
import { BENCH_DIST } from '../targets/server-process.js';
import { singleRequestScript } from '../wrk.js';
import type { LoadOptions, StubProcess } from './run-throughput.js';
import { timedRun } from './run-throughput.js';

/** Microseconds of CPU the stub spends per request before answering, one wrk run each. */
export const WORK_STEPS_US = [0, 2, 4, 6, 8, 12, 16, 24, 32];

export interface HeadroomStep {
  workUs: number;
  rps: number;
  cpuUsPerReq: number;
}

export interface HeadroomResult {
  steps: HeadroomStep[];
  primitives: { what: string; us: number }[];
  /** Work per request (µs) at which the stub falls to 0.6× of itself. */
  budgetAt06: number | undefined;
  /** Work per request (µs) at which it still answers 40× moto's GetSecretValue rate. */
  budgetAt40xMoto: number | undefined;
  motoRps: number | undefined;
}

// The GetSecretValue answer's shape and size (4,341 B with its 4 KiB SecretString).
const ANSWER = JSON.stringify({
  ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/get-secret-value-0000-AbCdEf',
  Name: 'bench/get-secret-value-0000',
  VersionId: '01234567-89ab-cdef-0123-456789abcdef',
  SecretString: 'v'.repeat(4096),
  VersionStages: ['AWSCURRENT'],
  CreatedDate: 1764378000.123,
});

/**
 * How much work of its own a server may do per request and still be at 0.6× the raw stub:
 * the stub itself, told to spin for a fixed CPU time before each answer, driven exactly as
 * the throughput cases drive it. Beside it, the cost of the crypto and JSON a GetSecretValue
 * answer cannot do without. Together they bound the "0.6× the stub" targets.
 */
export async function runHeadroomCase(stub: StubProcess, o: LoadOptions, motoRps: number | undefined): Promise<HeadroomResult> {
  const reply = { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000' }, body: ANSWER };
  const runs = new Map<number, { rps: number[]; cpu: number[] }>(WORK_STEPS_US.map((w) => [w, { rps: [], cpu: [] }]));
  for (let round = 1; round <= o.rounds; round++) {
    for (const workUs of WORK_STEPS_US) {
      await stub.answerWith(reply, workUs);
      const call = { service: 'secretsmanager' as const, action: 'GetSecretValue', input: { SecretId: 'bench/get-secret-value-0000' } };
      const script = singleRequestScript(o.workDir, `headroom-${workUs}-r${round}`, signCall(stub.endpoint, call));
      if (round === 1 && o.warmupSeconds > 0) await timedRun(stub, script, o.warmupSeconds, o.connections, o.pin);
      const s = await timedRun(stub, script, o.seconds, o.connections, o.pin);
      runs.get(workUs)!.rps.push(s.rps);
      runs.get(workUs)!.cpu.push(s.cpuUsPerReq);
      o.log(`  headroom work ${workUs} µs round ${round}/${o.rounds}: ${s.rps.toFixed(0)} req/s`);
    }
  }
  await stub.answerWith(reply, 0);
  const steps = WORK_STEPS_US.map((workUs) => ({ workUs, rps: median(runs.get(workUs)!.rps), cpuUsPerReq: median(runs.get(workUs)!.cpu) }));
  const command = [...o.pin.server, process.execPath, path.join(BENCH_DIST, 'primitives.js')];
  const primitives = JSON.parse(execFileSync(command[0]!, command.slice(1), { encoding: 'utf8' })) as { what: string; us: number }[];
  return {
    steps,
    primitives,
    budgetAt06: workAtRate(steps, 0.6 * steps[0]!.rps),
    budgetAt40xMoto: motoRps === undefined ? undefined : workAtRate(steps, 40 * motoRps),
    motoRps,
  };
}

/** The work per request at which the measured rate falls to `rps`, interpolated between steps. */
function workAtRate(steps: HeadroomStep[], rps: number): number | undefined {
  if (steps[0]!.rps < rps) return 0;
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1]!;
    const b = steps[i]!;
    if (b.rps <= rps) return a.workUs + ((a.rps - rps) / (a.rps - b.rps)) * (b.workUs - a.workUs);
  }
  return undefined;
}
