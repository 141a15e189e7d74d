import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const quiet = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

export function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model ?? 'unknown cpu';
  return `${os.cpus().length} × ${model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}`;
}

/** The moto package version, from the interpreter on moto_server's shebang line. */
export function motoVersion(binary: string): string {
  const shebang = /^#!\s*(\S+)/.exec(fs.readFileSync(binary, 'utf8').slice(0, 200))?.[1];
  let python = shebang && !shebang.endsWith('/env') && !shebang.endsWith('/bash') && !shebang.endsWith('/sh') ? shebang : 'python3';
  // pyenv shims are shell scripts; ask pyenv for the real script.
  if (python !== 'python3' || binary.includes('/shims/')) {
    const real = quiet('pyenv', ['which', 'moto_server']);
    if (real) python = /^#!\s*(\S+)/.exec(fs.readFileSync(real, 'utf8').slice(0, 200))?.[1] ?? python;
  }
  return quiet(python, ['-c', 'import moto; print(moto.__version__)']) || 'unknown';
}

export function diskOf(dir: string): string {
  const lines = quiet('df', ['-T', dir]).split('\n');
  const f = lines[1]?.split(/\s+/);
  return f ? `${dir} (${f[1]} on ${f[0]})` : dir;
}

export interface CoreTimes {
  steal: number;
  total: number;
}

/** Each core's CPU time so far from /proc/stat (clock ticks); empty where there is none. */
export function coreTimes(): CoreTimes[] {
  if (!fs.existsSync('/proc/stat')) return [];
  const cores: CoreTimes[] = [];
  for (const line of fs.readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const f = m[2]!.split(/\s+/).slice(0, 8).map(Number);
    cores[Number(m[1])] = { steal: f[7] ?? 0, total: f.reduce((a, b) => a + b, 0) };
  }
  return cores;
}

/**
 * The share of each core's time the hypervisor gave to other guests between two readings:
 * on a shared host that is the clearest sign a run was disturbed (load average counts the
 * bench's own processes too).
 */
export function stolenShare(before: CoreTimes[], after: CoreTimes[]): string | undefined {
  const parts: string[] = [];
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (!a || !b || b.total <= a.total) continue;
    parts.push(`${((100 * (b.steal - a.steal)) / (b.total - a.total)).toFixed(1)} % of core ${i}`);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}
