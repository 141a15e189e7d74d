import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Where a frame's code lives: coffer's own file, a package, Node internals or V8. */
function place(url: string, repoRoot: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return url;
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return `npm:${pkg[1]}`;
  return path.relative(repoRoot, file) || file;
}

function table(title: string, rows: [string, number][], total: number, limit: number): string {
  const lines = [`${title}`, ''];
  for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    lines.push(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
  return lines.join('\n');
}

/**
 * Self time per function and per file of a --cpu-prof profile, from the sample
 * timeline (falls back to hit counts). Idle time is reported on its own line and left
 * out of the percentages, so they say where the busy time went.
 */
export function summarizeProfile(file: string, repoRoot: string, limit = 25): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  if (prof.samples && prof.timeDeltas && prof.samples.length === prof.timeDeltas.length) {
    // timeDeltas[i] is the gap before sample i; charge it to the sample that ends it.
    for (let i = 1; i < prof.samples.length; i++) {
      const id = prof.samples[i - 1]!;
      self.set(id, (self.get(id) ?? 0) + prof.timeDeltas[i]!);
    }
  } else {
    const interval = (prof.endTime - prof.startTime) / Math.max(1, prof.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0));
    for (const n of prof.nodes) self.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode): string => {
    const where = place(n.callFrame.url, repoRoot);
    return `${n.callFrame.functionName || '(anonymous)'}  ${where}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  };
  // Inclusive time of coffer's own functions: a sample counts once for every distinct
  // function on its stack, so the pipeline's stages can be read off directly.
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (!n.callFrame.url.includes('/dist/src/')) continue;
      const key = keyOf(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const where = place(n.callFrame.url, repoRoot);
    const key = keyOf(n);
    fns.set(key, (fns.get(key) ?? 0) + us);
    files.set(where, (files.get(where) ?? 0) + us);
  }
  return [
    `profile ${path.basename(file)}: ${(busy / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle`,
    '',
    table('self time by file / package:', [...files], busy, limit),
    '',
    table('self time by function:', [...fns], busy, limit),
    '',
    table("inclusive time of coffer's functions (self + callees):", [...inclusive], busy, limit),
  ].join('\n');
}

// `node dist/bench/profile-summary.js FILE.cpuprofile` summarizes an existing profile.
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile\n');
    process.exit(2);
  }
  process.stdout.write(summarizeProfile(file, process.cwd()) + '\n');
}
