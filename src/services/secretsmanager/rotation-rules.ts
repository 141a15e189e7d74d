import type { RotationRulesType } from '../../generated/secretsmanager-types.js';
import type { RequestContext } from '../../protocol/operation.js';
import { invalidParameter } from './errors.js';
import type { SecretRecord } from './secret.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Invokes a rotation function (createSecret, setSecret, testSecret, finishSecret).
 * Running Lambda-style functions comes later; until a runner is installed, RotateSecret
 * records the configuration and the request, and nothing runs.
 */
export interface RotationRunner {
  start(ctx: RequestContext, secret: SecretRecord, token: string, rotateImmediately: boolean): Promise<void>;
}

let runner: RotationRunner = { start: async () => undefined };

export function setRotationRunner(r: RotationRunner): void {
  runner = r;
}

export function rotationRunner(): RotationRunner {
  return runner;
}

export type Schedule =
  | { kind: 'days'; days: number }
  | { kind: 'hours'; hours: number }
  | { kind: 'cron'; cron: CronSpec };

/** Validate RotationRules as AWS does; returns the schedule it describes. */
export function parseRotationRules(rules: RotationRulesType): Schedule {
  const days = rules.AutomaticallyAfterDays;
  const expr = rules.ScheduleExpression;
  if (days !== undefined && expr !== undefined) {
    throw invalidParameter('You cannot specify both rotation frequency and schedule expression together.');
  }
  let schedule: Schedule;
  if (expr !== undefined) schedule = parseScheduleExpression(expr.trim());
  else if (days !== undefined) schedule = { kind: 'days', days };
  else throw invalidParameter('You must specify either rotation frequency or schedule expression.');
  if (rules.Duration !== undefined) checkDuration(rules.Duration, schedule);
  return schedule;
}

function parseScheduleExpression(expr: string): Schedule {
  const rate = /^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$/.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    if (rate[2]!.startsWith('hour')) {
      if (n < 4 || n > 23) throw invalidParameter('The rotation interval for rate() expressions in hours must be between 4 and 23 hours.');
      return { kind: 'hours', hours: n };
    }
    if (n < 1 || n > 1000) throw invalidParameter('The rotation interval for rate() expressions in days must be between 1 and 1000 days.');
    return { kind: 'days', days: n };
  }
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (cron) return { kind: 'cron', cron: parseCron(cron[1]!.trim()) };
  throw invalidParameter('Invalid ScheduleExpression format.');
}

function checkDuration(duration: string, schedule: Schedule): void {
  const m = /^(\d+)h$/.exec(duration);
  const hours = m ? Number(m[1]) : NaN;
  if (!m || hours < 1 || hours > 24) throw invalidParameter('The Duration must be between 1 and 24 hours.');
  if (schedule.kind === 'hours' && hours > schedule.hours) {
    throw invalidParameter('The rotation window must end before the next rotation window starts.');
  }
}

export interface CronSpec {
  hours: Set<number>;
  daysOfMonth: Set<number> | 'any';
  months: Set<number>;
  daysOfWeek: Set<number> | 'any';
}

/** cron(Minutes Hours Day-of-month Month Day-of-week Year), UTC, AWS's rotation flavour. */
export function parseCron(body: string): CronSpec {
  const f = body.split(/\s+/);
  const bad = (why: string) => invalidParameter(`Invalid cron expression: ${why}`);
  if (f.length !== 6) throw bad('a cron expression has 6 fields.');
  const [min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string];
  if (min !== '0') throw bad('the minutes field must be 0.');
  if (year !== '*') throw bad('the year field must be *.');
  if ((dom === '?') === (dow === '?')) throw bad('specify either day-of-month or day-of-week, and ? for the other.');
  return {
    hours: field(hour, 0, 23, bad),
    daysOfMonth: dom === '?' ? 'any' : field(dom, 1, 31, bad),
    months: field(month, 1, 12, bad, MONTHS),
    daysOfWeek: dow === '?' ? 'any' : field(dow, 1, 7, bad, DAYS),
  };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(spec: string, lo: number, hi: number, bad: (w: string) => Error, names?: string[]): Set<number> {
  const out = new Set<number>();
  const num = (t: string): number => {
    const i = names?.indexOf(t.toUpperCase()) ?? -1;
    const n = i >= 0 ? i + lo : /^\d+$/.test(t) ? Number(t) : NaN;
    if (!(n >= lo && n <= hi)) throw bad(`'${t}' is out of range.`);
    return n;
  };
  for (const part of spec.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(step >= 1)) throw bad(`'${part}' has an invalid step.`);
    let from = lo;
    let to = hi;
    if (range !== '*') {
      const [a, b] = range.split('-') as [string, string | undefined];
      from = num(a);
      to = b === undefined ? (stepText === undefined ? from : hi) : num(b);
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** The first hour at or after `from` that the cron spec selects (UTC), within ~5 years. */
export function nextCron(spec: CronSpec, from: number): number | undefined {
  let t = Math.ceil(from / HOUR) * HOUR;
  for (let i = 0; i < 5 * 366 * 24; i++, t += HOUR) {
    const d = new Date(t);
    if (!spec.hours.has(d.getUTCHours())) continue;
    if (!spec.months.has(d.getUTCMonth() + 1)) continue;
    if (spec.daysOfMonth !== 'any' && !spec.daysOfMonth.has(d.getUTCDate())) continue;
    if (spec.daysOfWeek !== 'any' && !spec.daysOfWeek.has(d.getUTCDay() + 1)) continue;
    return t;
  }
  return undefined;
}

/**
 * When the next rotation starts. Day schedules count from the last rotation (or now),
 * as AWS's NextRotationDate does; hour and cron schedules from now.
 */
export function nextRotationDate(schedule: Schedule, lastRotated: number | undefined, now: number): number | undefined {
  switch (schedule.kind) {
    case 'days':
      return (lastRotated ?? now) + schedule.days * DAY;
    case 'hours':
      return (lastRotated ?? now) + schedule.hours * HOUR;
    case 'cron':
      return nextCron(schedule.cron, now);
  }
}
