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
