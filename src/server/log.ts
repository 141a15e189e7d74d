/**
 * One JSON line per event on stdout. Lines are batched per tick so that logging
 * does not cost a write system call per request. Callers pass only identifiers and
 * outcomes: never a secret value, key material or a secret access key.
 */
let pending: string[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const chunk = pending.join('');
  pending = [];
  process.stdout.write(chunk);
}

export function logLine(record: Record<string, unknown>): void {
  pending.push(JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

export function flushLog(): void {
  flush();
}

/** Human-facing lines (start-up banner) go out at once. */
export function say(text: string): void {
  flush();
  process.stdout.write(text + '\n');
}
