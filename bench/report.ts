import type { CreateSecretResult } from './cases/create-secret.js';
import type { HeadroomResult } from './cases/headroom.js';
import { cpuRatio, ratio, summarize, type CaseResult, type Measurement, type ServerResult } from './results.js';

export interface RunInfo {
  started: Date;
  elapsedSeconds: number;
  machine: string;
  software: string;
  disk: string;
  pinning: string;
  load: string;
  mode: string;
  notes: string[];
}

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number): string => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '–');
const mib = (n: number | undefined): string => (n !== undefined && Number.isFinite(n) ? n.toFixed(0) : '–');
const x = (r: number | undefined): string => (r === undefined ? '–' : r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`);
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rpsCell(r: ServerResult | undefined): string {
  if (!r) return '–';
  if (r.unavailable !== undefined) return r.unavailable.startsWith('not available') ? 'not available' : 'n/a';
  const s = summarize(r);
  if (!s) return '–';
  return s.failed > 0 ? `${int(s.rps)} (${s.failed} failed)` : int(s.rps);
}

function goalsCell(c: CaseResult): string {
  if (c.goals.length === 0) return '';
  return c.goals
    .map((g) => {
      const r = ratio(c, g.against);
      const verdict = r === undefined ? 'not measured' : r >= g.atLeast ? 'met' : '**NOT met**';
      return `≥ ${g.atLeast}× ${g.against}: ${verdict}`;
    })
    .join('; ');
}

function throughputTable(cases: CaseResult[]): string[] {
  const lines = [
    '| case | coffer req/s | stub req/s | moto req/s | coffer/stub | coffer/moto | by CPU: coffer/stub, coffer/moto | target (issue 7) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const c of cases) {
    const by = (l: string): ServerResult | undefined => c.servers.find((s) => s.server === l);
    lines.push(
      `| ${cell(c.title)} | ${rpsCell(by('coffer'))} | ${rpsCell(by('stub'))} | ${rpsCell(by('moto'))} | ${x(ratio(c, 'stub'))} | ${x(ratio(c, 'moto'))} | ${x(cpuRatio(c, 'stub'))}, ${x(cpuRatio(c, 'moto'))} | ${goalsCell(c)} |`,
    );
  }
  return lines;
}

function createTable(c: CaseResult): string[] {
  const lines = [
    '| server | req/s (median) | p50 ms | p99 ms | CPU µs/req | coffer / this | target (issue 7) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const s of c.servers) {
    const sum = summarize(s);
    const goal = c.goals.find((g) => g.against === s.server);
    const r = s.server === 'coffer' ? undefined : ratio(c, s.server);
    const verdict = goal ? `coffer ≥ ${goal.atLeast}× this: ${r === undefined ? 'not measured' : r >= goal.atLeast ? 'met' : '**NOT met**'}` : '';
    if (!sum) {
      lines.push(`| ${s.server} | ${cell(s.unavailable ?? '–')} | | | | | ${verdict} |`);
      continue;
    }
    lines.push(`| ${s.server} | ${rpsCell(s)} | ${ms(sum.p50ms)} | ${ms(sum.p99ms)} | ${int(sum.cpuUsPerReq)} | ${s.server === 'coffer' ? '' : x(r)} | ${verdict} |`);
  }
  return lines;
}

/** A table of work measured alone on the server core, µs per call. */
function workTable(rows: { what: string; us: number }[], digits: number): string[] {
  return ['| work | µs |', '| --- | ---: |', ...rows.map((p) => `| ${cell(p.what)} | ${p.us.toFixed(digits)} |`)];
}

/**
 * What a durable CreateSecret cannot do without, against what 1.0× the one-connection loop
 * allows a server that is CPU-bound on its core: 10^6 / the loop's req/s microseconds.
 */
function createFloorLines(c: CreateSecretResult): string[] {
  if (!c.floor) return [];
  const of = (label: string): ReturnType<typeof summarize> => {
    const s = c.servers.find((x) => x.server === label);
    return s ? summarize(s) : undefined;
  };
  const stub = of('stub');
  const loop = of('sqlite loop (1 conn)');
  const coffer = of('coffer');
  const lines = [
    'What a durable CreateSecret cannot do without, each measured alone on the server core (CPU µs per secret):',
    '',
    ...workTable(
      [...(stub ? [{ what: "the HTTP exchange: the stub's CPU per request above (it answers coffer's answer and stores nothing)", us: stub.cpuUsPerReq }] : []), ...c.floor],
      1,
    ),
    '',
  ];
  const floor = c.floor.reduce((sum, p) => sum + p.us, stub?.cpuUsPerReq ?? 0);
  lines.push(`- together: **${floor.toFixed(0)} µs** per CreateSecret${stub ? '' : ' (without the HTTP exchange: the stub did not run)'}`);
  if (loop) {
    const budget = 1e6 / loop.rps;
    lines.push(
      `- 1.0× the one-connection loop (${int(loop.rps)} req/s) leaves **${budget.toFixed(0)} µs** of the server core per CreateSecret: a server doing only the work above, CPU-bound on its core, would be at about ${x(budget / floor)} the loop`,
    );
    if (coffer) {
      lines.push(
        `- coffer used ${coffer.cpuUsPerReq.toFixed(0)} µs per CreateSecret${c.writesPerCommit !== undefined ? ` (${c.writesPerCommit.toFixed(1)} per commit)` : ''}: ${(coffer.cpuUsPerReq - floor).toFixed(0)} µs above that floor`,
      );
    }
  }
  return lines;
}

function detailTable(cases: CaseResult[]): string[] {
  const lines = [
    '| case | server | req/s (median) | req/s per round | p50 ms | p99 ms | CPU µs/req | peak RSS MiB | notes |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const c of cases) {
    for (const s of c.servers) {
      const sum = summarize(s);
      if (!sum) {
        lines.push(`| ${cell(c.title)} | ${s.server} | | | | | | | ${cell(s.unavailable ?? '')} |`);
        continue;
      }
      const rounds = s.runs.map((r) => int(r.rps)).join(', ');
      const notes = [...s.notes, ...(sum.failed ? [`${sum.failed} non-2xx or socket errors`] : [])].join('; ');
      lines.push(
        `| ${cell(c.title)} | ${s.server} | ${int(sum.rps)} | ${rounds} | ${ms(sum.p50ms)} | ${ms(sum.p99ms)} | ${int(sum.cpuUsPerReq)} | ${mib(s.peakRssMiB)} | ${cell(notes)} |`,
      );
    }
  }
  return lines;
}

function measurementTable(ms: Measurement[]): string[] {
  const lines = ['| measurement | value | target (issue 7) | met |', '| --- | --- | --- | --- |'];
  for (const m of ms) {
    const met = m.met === undefined ? '' : m.met ? 'met' : '**NOT met**';
    lines.push(`| ${cell(m.what)} | ${cell(m.value)} | ${cell(m.target ?? '')} | ${met} |`);
  }
  return lines;
}

function headroomTables(h: HeadroomResult): string[] {
  const base = h.steps[0]!.rps;
  const us = (n: number | undefined): string => (n === undefined ? '–' : `${n.toFixed(1)} µs`);
  const lines = [
    'The raw stub answering the GetSecretValue-sized answer, spinning for a fixed CPU time per request before it answers (same wrk load). A server at 0.6× the stub can do at most this much work of its own per request:',
    '',
    '| work per request | stub req/s | of the stub without work | CPU µs/req |',
    '| ---: | ---: | ---: | ---: |',
    ...h.steps.map((s) => `| ${s.workUs} µs | ${int(s.rps)} | ${x(s.rps / base)} | ${s.cpuUsPerReq.toFixed(1)} |`),
    '',
    `- work per request at 0.6× the stub: about **${us(h.budgetAt06)}**`,
    ...(h.motoRps !== undefined
      ? [`- work per request at 40× moto's GetSecretValue (${int(h.motoRps)} req/s, so ${int(40 * h.motoRps)} req/s): about **${us(h.budgetAt40xMoto)}**${h.budgetAt40xMoto === undefined ? ' (more than the largest step)' : ''}`]
      : []),
    '',
    'What a GetSecretValue answer cannot do without, each measured alone on the server core (CPU µs per call):',
    '',
    ...workTable(h.primitives, 2),
  ];
  const [sigv4, open, stringify, cofferJson] = h.primitives;
  if (sigv4 && open) {
    const floor = sigv4.us + open.us;
    lines.push('', `- SigV4 check + opening the value: **${floor.toFixed(1)} µs**, before its JSON, any lookup, authorization, KMS unwrap of the data key or audit`);
    if (stringify && cofferJson) {
      lines.push(`- with the answer's JSON: ${(floor + stringify.us).toFixed(1)} µs through JSON.stringify, ${(floor + cofferJson.us).toFixed(1)} µs as coffer writes it`);
    }
  }
  return lines;
}

export function renderReport(
  info: RunInfo,
  throughput: CaseResult[],
  create: CreateSecretResult | undefined,
  measurements: Measurement[],
  headroom?: HeadroomResult,
): string {
  const out = [
    `# coffer bench: ${info.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- machine: ${info.machine}`,
    `- software: ${info.software}`,
    `- data on: ${info.disk}`,
    `- pinning: ${info.pinning}`,
    `- load: ${info.load}`,
    `- mode: ${info.mode}; took ${Math.round(info.elapsedSeconds)} s`,
    ...info.notes.map((n) => `- ${n}`),
    '',
    '## Throughput (same signed request replayed; ratios from this run)',
    '',
    ...throughputTable(throughput),
    '',
  ];
  if (create) out.push(`## ${create.title}`, '', ...create.notes.map((n) => `${n}.`), '', ...createTable(create), '', ...createFloorLines(create), '');
  if (headroom) out.push('## Headroom: how much work 0.6× the stub allows', '', ...headroomTables(headroom), '');
  if (measurements.length) out.push('## Listing, start-up and memory', '', ...measurementTable(measurements), '');
  out.push('## Per server', '', ...detailTable(create ? [...throughput, create] : throughput), '');
  return out.join('\n');
}
