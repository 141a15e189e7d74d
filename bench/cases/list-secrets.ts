import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { call, describeFailure, send, signCall, type Call, type Endpoint } from '../aws-call.js';
import type { Measurement } from '../results.js';
import { startCoffer } from '../targets/coffer.js';
import { peakRssMiB, rssMiB } from '../targets/proc.js';
import { singleRequestScript } from '../wrk.js';
import { timedRun, type LoadOptions } from './run-throughput.js';

const BIG = 100_000;
const LOAD_CONCURRENCY = 32;

/**
 * One secret in a hundred is a "needle" (a filter whose first page fills after about
 * 10k secrets have been looked at), one in ten thousand is "rare" (a filter that has to
 * look at everything to fill its page), spread evenly among the rest.
 */
const secretName = (i: number): string =>
  i % 10_000 === 4321 ? `rare/${i}` : i % 100 === 0 ? `needle/${i}` : `app-${i % 97}/service-${i}`;
const matching = (count: number, every: number, offset: number): number => (count > offset ? Math.floor((count - offset - 1) / every) + 1 : 0);

const listCall = (prefix: string): Call => ({
  service: 'secretsmanager',
  action: 'ListSecrets',
  input: { MaxResults: 100, Filters: [{ Key: 'name', Values: [prefix] }] },
});
const LIST = listCall('needle/');
const LIST_RARE = listCall('rare/');

const fmtMs = (ms: number): string => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`;

async function load(ep: Endpoint, count: number, log: (l: string) => void): Promise<{ seconds: number; failed: string | undefined }> {
  let next = 0;
  let failed: string | undefined;
  const t0 = performance.now();
  let reported = 0;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < count) {
      const i = next++;
      const reply = await send(ep.host, signCall(ep, { service: 'secretsmanager', action: 'CreateSecret', input: { Name: secretName(i), ClientRequestToken: randomUUID(), SecretString: `value-${i}-`.padEnd(64, 'x') } }));
      if (reply.status !== 200) failed ??= `CreateSecret #${i} answered ${describeFailure(reply)}`;
      if (next - reported >= count / 10) {
        reported = next;
        log(`    loaded ${next}/${count} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
  return { seconds: (performance.now() - t0) / 1000, failed };
}

/**
 * A fresh coffer loaded with `count` secrets through the API; then a filtered ListSecrets
 * page (latency at one connection), then a restart: time to first served request and
 * memory with that many secrets.
 */
export async function runListingCase(count: number, o: LoadOptions & { logFile: string }): Promise<Measurement[]> {
  const at = count === BIG ? '' : ` (target is at 100k: --big)`;
  const scale = count >= 1000 ? `${count / 1000}k` : String(count);
  const out: Measurement[] = [];
  const dataDir = path.join(o.workDir, 'listing-data');
  const first = await startCoffer({ dataDir, logFile: o.logFile, pin: o.pin });
  let server = first.server;
  try {
    o.log(`  loading ${count} secrets through CreateSecret (${LOAD_CONCURRENCY} concurrent)`);
    const probe = await call(server.endpoint, { service: 'secretsmanager', action: 'ListSecrets' });
    if (probe.status !== 200) {
      out.push({ what: `ListSecrets page with a filter, ${scale} secrets`, value: `not available: ListSecrets answers ${describeFailure(probe)}` });
      return out;
    }
    const loaded = await load(server.endpoint, count, o.log);
    if (loaded.failed) {
      out.push({ what: `Loading ${scale} secrets through the API`, value: `not available: ${loaded.failed}` });
      return out;
    }
    out.push({
      what: `Loading ${scale} secrets through the API (${LOAD_CONCURRENCY} concurrent clients)`,
      value: `${loaded.seconds.toFixed(1)} s (${(count / loaded.seconds).toFixed(0)} secrets/s)`,
    });
    const check = await call(server.endpoint, LIST);
    const page = check.status === 200 ? (JSON.parse(check.body) as { SecretList?: unknown[]; NextToken?: string }) : undefined;
    if (!page) {
      out.push({ what: `ListSecrets page with a filter, ${scale} secrets`, value: `not available: ${describeFailure(check)}` });
      return out;
    }
    for (const [variant, c, matches] of [
      ['needle/', LIST, matching(count, 100, 0)],
      ['rare/', LIST_RARE, matching(count, 10_000, 4321)],
    ] as const) {
      const reply = await call(server.endpoint, c);
      const got = reply.status === 200 ? ((JSON.parse(reply.body) as { SecretList?: unknown[] }).SecretList?.length ?? 0) : -1;
      const stats = await timedRun(server, singleRequestScript(o.workDir, `list-${variant.slice(0, -1)}`, signCall(server.endpoint, c)), o.seconds, 1, o.pin);
      const bad = stats.non2xx + stats.socketErrors;
      out.push({
        what: `ListSecrets page, name filter '${variant}' (${matches} of ${scale} secrets match; page of up to 100), p50 at 1 connection${at}`,
        value: `${fmtMs(stats.p50ms)} (p99 ${fmtMs(stats.p99ms)}, ${stats.rps.toFixed(0)} req/s, ${stats.cpuUsPerReq.toFixed(0)} µs CPU/req${bad ? `, ${bad} FAILED` : ''}; page had ${got} entries)`,
        target: '< 10 ms at 100k',
        ...(count === BIG && bad === 0 ? { met: stats.p50ms < 10 } : {}),
      });
    }
    out.push({ what: `Peak RSS while loading and listing ${scale} secrets`, value: `${peakRssMiB(server.pid).toFixed(0)} MiB` });

    await server.stop();
    const again = await startCoffer({ dataDir, logFile: o.logFile, pin: o.pin });
    server = again.server;
    out.push({
      what: `Ready to serve, restart with ${scale} secrets${at}`,
      value: `${fmtMs(again.firstServedMs)} (ready line at ${fmtMs(again.readyLineMs)})`,
      target: '< 500 ms',
      ...(count === BIG ? { met: again.firstServedMs < 500 } : {}),
    });
    // A single-secret call does not wait for the catalog (it reads its record through the name
    // index) but starts its build, which the ListSecrets after it waits for.
    const g = performance.now();
    const first = await call(server.endpoint, { service: 'secretsmanager', action: 'GetSecretValue', input: { SecretId: secretName(count - 1) } });
    out.push({ what: `First GetSecretValue after the restart, ${scale} secrets`, value: first.status === 200 ? fmtMs(performance.now() - g) : describeFailure(first) });
    const t = performance.now();
    const cold = await call(server.endpoint, LIST);
    out.push({ what: `First ListSecrets page after the restart (and that GetSecretValue), ${scale} secrets`, value: cold.status === 200 ? fmtMs(performance.now() - t) : describeFailure(cold) });
    await timedRun(server, singleRequestScript(o.workDir, 'list-secrets-2', signCall(server.endpoint, LIST)), Math.min(o.seconds, 2), 1, o.pin);
    const rss = rssMiB(server.pid);
    const hwm = peakRssMiB(server.pid);
    out.push({
      what: `RSS with ${scale} secrets (after restart and listing; peak in brackets)${at}`,
      value: `${rss.toFixed(0)} MiB (${hwm.toFixed(0)} MiB)`,
      target: '< 300 MB at 100k',
      ...(count === BIG ? { met: hwm * 1.048576 < 300 } : {}),
    });
    return out;
  } finally {
    await server.stop();
  }
}
