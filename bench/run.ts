import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeAgent } from './aws-call.js';
import { runCreateSecretCase, type CreateSecretResult } from './cases/create-secret.js';
import { runHeadroomCase, type HeadroomResult } from './cases/headroom.js';
import { Fixtures } from './cases/fixtures.js';
import { runListingCase } from './cases/list-secrets.js';
import { runThroughputCase, failureReason, type Lineup, type LoadOptions } from './cases/run-throughput.js';
import { THROUGHPUT_CASES } from './cases/throughput-cases.js';
import { coreTimes, diskOf, machine, motoVersion, stolenShare } from './machine.js';
import { parseOptions, selected } from './options.js';
import { summarizeProfile } from './profile-summary.js';
import { renderReport } from './report.js';
import { median, type CaseResult, type Measurement } from './results.js';
import { COFFER_CLI, startCoffer } from './targets/coffer.js';
import { findMoto, startMoto } from './targets/moto.js';
import { pinning } from './targets/proc.js';
import { REPO_ROOT, type ServerProcess } from './targets/server-process.js';
import { startStub } from './targets/stub.js';
import { wrkVersion } from './wrk.js';

const log = (line: string): void => void process.stderr.write(line + '\n');

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const wrk = wrkVersion();
  if (!wrk) {
    log('coffer bench needs wrk (HTTP load generator). Install it and run again:');
    log('  Debian/Ubuntu: sudo apt-get install -y wrk');
    log('  macOS:         brew install wrk');
    return 3;
  }
  if (!fs.existsSync(COFFER_CLI)) {
    log(`${COFFER_CLI} is missing: run \`npm run bench\` (it builds first) or \`npm run build\``);
    return 2;
  }
  const started = new Date();
  const loadBefore = os.loadavg()[0]!;
  const coresBefore = coreTimes();
  const t0 = performance.now();
  const pin = pinning();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-bench-'));
  const runId = randomBytes(4).toString('hex');
  const cofferLog = path.join(workDir, 'coffer-stdout.log');
  const profileDir = path.join(workDir, 'cpu-profile');
  const load: LoadOptions = {
    rounds: opts.rounds,
    seconds: opts.seconds,
    warmupSeconds: opts.warmupSeconds,
    connections: opts.connections,
    pin,
    workDir,
    log,
  };
  const motoBin = opts.moto ? findMoto() : undefined;
  const notes: string[] = [];
  if (opts.moto && !motoBin) notes.push('moto_server not found on PATH (pip install "moto[server]"): its columns are empty');
  log(`coffer bench (${opts.mode}): ${pin.description}; work dir ${workDir}`);

  const measurements: Measurement[] = [];
  const throughput: CaseResult[] = [];
  let create: CreateSecretResult | undefined;
  let headroom: HeadroomResult | undefined;
  const servers: ServerProcess[] = [];
  try {
    const first = await startCoffer({
      dataDir: path.join(workDir, 'coffer-data'),
      logFile: cofferLog,
      pin,
      nodeArgs: opts.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    });
    const coffer = first.server;
    servers.push(coffer);
    measurements.push({ what: 'Ready to serve, first start (new data dir: root key, account)', value: `${first.firstServedMs.toFixed(0)} ms` });
    const stub = await startStub(pin);
    servers.push(stub);
    const moto = motoBin ? await startMoto({ binary: motoBin, logFile: path.join(workDir, 'moto.log'), pin }) : undefined;
    if (moto) servers.push(moto);
    const lineup: Lineup = { coffer, stub, ...(moto ? { moto } : {}), fixtures: new Map() };
    for (const s of [coffer, moto]) if (s) lineup.fixtures.set(s, new Fixtures(s.endpoint, runId));

    for (const c of THROUGHPUT_CASES.filter((c) => selected(opts, c.id))) {
      log(`case ${c.id}`);
      try {
        throughput.push(await runThroughputCase(c, lineup, load));
      } catch (err) {
        log(`  failed: ${failureReason(err)}`);
        throughput.push({ id: c.id, title: c.title, goals: c.goals, notes: [], servers: [{ server: 'coffer', runs: [], unavailable: `bench error: ${failureReason(err)}`, notes: [] }] });
      }
    }
    if (selected(opts, 'sm-create-secret-durable')) {
      log('case sm-create-secret-durable');
      create = await runCreateSecretCase({ coffer, stub, ...(moto ? { moto } : {}) }, runId, load);
    }
    if (selected(opts, 'headroom')) {
      log('case headroom');
      const gsv = throughput.find((c) => c.id === 'sm-get-secret-value')?.servers.find((s) => s.server === 'moto');
      const motoRps = gsv && gsv.runs.length ? median(gsv.runs.map((r) => r.rps)) : undefined;
      headroom = await runHeadroomCase(stub, load, motoRps);
    }
    await stub.stop();
    if (moto) await moto.stop();
    await coffer.stop();

    if (selected(opts, 'startup')) {
      log(`case startup (${opts.startupRepeats} restarts)`);
      const ready: number[] = [];
      const served: number[] = [];
      for (let i = 0; i < opts.startupRepeats; i++) {
        const again = await startCoffer({ dataDir: path.join(workDir, 'coffer-data'), logFile: cofferLog, pin });
        ready.push(again.readyLineMs);
        served.push(again.firstServedMs);
        await again.server.stop();
      }
      const m = median(served);
      measurements.push({
        what: `Ready to serve, restart (median of ${opts.startupRepeats}; spawn to first answered GetCallerIdentity)`,
        value: `${m.toFixed(0)} ms (ready line at ${median(ready).toFixed(0)} ms; runs ${served.map((s) => s.toFixed(0)).join(', ')})`,
        target: '< 500 ms',
        met: m < 500,
      });
    }
    if (opts.secrets > 0 && selected(opts, 'sm-list-secrets')) {
      log(`case sm-list-secrets (${opts.secrets} secrets)`);
      try {
        measurements.push(...(await runListingCase(opts.secrets, { ...load, logFile: cofferLog })));
      } catch (err) {
        measurements.push({ what: 'ListSecrets / restart / RSS with many secrets', value: `bench error: ${failureReason(err)}` });
      }
    }
  } finally {
    for (const s of servers) await s.stop();
    closeAgent();
  }

  const stolen = stolenShare(coresBefore, coreTimes());
  const info = {
    started,
    elapsedSeconds: (performance.now() - t0) / 1000,
    machine: machine(),
    software: `node ${process.version}, wrk ${wrk}${motoBin ? `, moto ${motoVersion(motoBin)}` : ''}`,
    disk: diskOf(workDir),
    pinning: pin.description,
    load: `wrk -t1 -c${opts.connections} --latency; ${opts.rounds} round(s) of ${opts.seconds} s per server, interleaved coffer → stub → moto, after ${opts.warmupSeconds} s warm-up each; every run signed afresh (SigV4, header form)`,
    mode: opts.mode === 'quick' ? '--quick (smoke run; numbers are indicative only)' : opts.mode === 'big' ? '--big' : 'default',
    notes: [
      'coffer runs as users run it: secure mode (signatures verified), SQLite in the data dir, one audit line per request on stdout (to a file)',
      `1-minute load average ${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0]!.toFixed(2)} at the end: other processes on this machine share the cores (above ~0.5 the req/s columns are noisy; the CPU-based ratios much less so)`,
      ...(stolen ? [`time stolen by the hypervisor for other guests during the run: ${stolen} (near 0 on a quiet host; where it is several %, rounds differ by more than the code does)`] : []),
      ...(opts.profile ? ['coffer ran under --cpu-prof for the throughput cases: its numbers are lower than without'] : []),
      ...notes,
    ],
  };
  const text = renderReport(info, throughput, create, measurements, headroom);
  const out = opts.out ?? path.join(REPO_ROOT, 'bench', 'results', 'latest.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  process.stdout.write(text + '\n');
  log(`written to ${path.relative(process.cwd(), out) || out}`);

  if (opts.profile) {
    const profiles = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')) : [];
    for (const p of profiles) process.stdout.write('\n' + summarizeProfile(path.join(profileDir, p), REPO_ROOT) + '\n');
    log(`profiles kept in ${profileDir}`);
  } else {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return 1;
});
