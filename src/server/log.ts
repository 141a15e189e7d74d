/**
 * One JSON line per event on stdout. Lines are batched per tick so that logging
 * does not cost a write system call per request. Callers pass only identifiers and
 * outcomes: never a secret value, key material or a secret access key.
 */
let pending = '';
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (pending === '') return;
  const chunk = pending;
  pending = '';
  process.stdout.write(chunk);
}

function queue(line: string): void {
  pending += line;
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

// Many lines share a millisecond under load: format the time once per millisecond.
let stampMs = -1;
let stamp = '';

function isoNow(): string {
  const ms = Date.now();
  if (ms !== stampMs) {
    stampMs = ms;
    stamp = new Date(ms).toISOString();
  }
  return stamp;
}

export function logLine(record: Record<string, unknown>): void {
  queue(JSON.stringify({ time: isoNow(), ...record }) + '\n');
}

const jsonOrNull = (s: string | undefined): string => (s === undefined ? 'null' : JSON.stringify(s));

/**
 * The per-request audit line, the same JSON as logLine({ type: 'audit', ... }) would
 * write, built without an intermediate object: it runs on every call.
 */
export function auditLine(action: string, principal: string | undefined, resource: string | undefined, outcome: string, requestId: string): void {
  queue(
    '{"time":"' + isoNow() +
      '","type":"audit","action":' + JSON.stringify(action) +
      ',"principal":' + jsonOrNull(principal) +
      ',"resource":' + jsonOrNull(resource) +
      ',"outcome":' + JSON.stringify(outcome) +
      ',"requestId":' + JSON.stringify(requestId) +
      '}\n',
  );
}

export function flushLog(): void {
  flush();
}

/** Human-facing lines (start-up banner) go out at once. */
export function say(text: string): void {
  flush();
  process.stdout.write(text + '\n');
}
