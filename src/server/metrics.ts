/**
 * Prometheus text metrics: request counts and latency by operation and outcome.
 * Labels hold only operation names and error codes, never identifiers or values.
 */
const BUCKETS_MS = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

export interface Series {
  count: number;
  sumMs: number;
  buckets: number[];
}

/** One operation's series by outcome, held by the caller so a request builds no key string. */
export class OperationMetrics {
  private ok: Series | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly operation: string,
  ) {}

  record(outcome: string, ms: number): void {
    if (outcome === 'ok') {
      this.ok ??= this.metrics.seriesOf(this.operation, outcome);
      add(this.ok, ms);
    } else {
      add(this.metrics.seriesOf(this.operation, outcome), ms);
    }
  }
}

function add(s: Series, ms: number): void {
  s.count++;
  s.sumMs += ms;
  for (let i = 0; i < BUCKETS_MS.length; i++) if (ms <= BUCKETS_MS[i]!) s.buckets[i]!++;
}

/** A counter read when metrics are rendered (its owner keeps the count). */
export interface Counter {
  name: string;
  help: string;
  value: () => number;
}

export class Metrics {
  private readonly series = new Map<string, Series>();
  private readonly handles = new Map<string, OperationMetrics>();
  private readonly counters: Counter[] = [];
  private readonly startedAt = Date.now();

  addCounter(counter: Counter): void {
    this.counters.push(counter);
  }

  record(operation: string, outcome: string, ms: number): void {
    add(this.seriesOf(operation, outcome), ms);
  }

  /** The series of one operation ("service:Name"), cached. */
  forOperation(operation: string): OperationMetrics {
    let h = this.handles.get(operation);
    if (!h) {
      h = new OperationMetrics(this, operation);
      this.handles.set(operation, h);
    }
    return h;
  }

  /** @internal */
  seriesOf(operation: string, outcome: string): Series {
    const key = `${operation}\u0000${outcome}`;
    let s = this.series.get(key);
    if (!s) {
      s = { count: 0, sumMs: 0, buckets: BUCKETS_MS.map(() => 0) };
      this.series.set(key, s);
    }
    return s;
  }

  render(): string {
    const lines: string[] = [
      '# HELP coffer_requests_total Requests by operation and outcome.',
      '# TYPE coffer_requests_total counter',
    ];
    const hist: string[] = [
      '# HELP coffer_request_duration_seconds Request latency by operation and outcome.',
      '# TYPE coffer_request_duration_seconds histogram',
    ];
    for (const [key, s] of [...this.series].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [operation, outcome] = key.split('\u0000') as [string, string];
      const labels = `operation="${operation}",outcome="${outcome}"`;
      lines.push(`coffer_requests_total{${labels}} ${s.count}`);
      BUCKETS_MS.forEach((b, i) => hist.push(`coffer_request_duration_seconds_bucket{${labels},le="${b / 1000}"} ${s.buckets[i]}`));
      hist.push(`coffer_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
      hist.push(`coffer_request_duration_seconds_sum{${labels}} ${(s.sumMs / 1000).toFixed(6)}`);
      hist.push(`coffer_request_duration_seconds_count{${labels}} ${s.count}`);
    }
    const up = ['# HELP coffer_uptime_seconds Seconds since start.', '# TYPE coffer_uptime_seconds gauge', `coffer_uptime_seconds ${((Date.now() - this.startedAt) / 1000).toFixed(3)}`];
    const counters = this.counters.flatMap((c) => [`# HELP ${c.name} ${c.help}`, `# TYPE ${c.name} counter`, `${c.name} ${c.value()}`]);
    return [...lines, ...hist, ...up, ...counters, ''].join('\n');
  }
}
