export interface Options {
  mode: 'quick' | 'default' | 'big';
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Secrets loaded for the ListSecrets / memory / restart case (0 skips it). */
  secrets: number;
  startupRepeats: number;
  /** Case ids to run (prefix match); empty runs all. */
  only: string[];
  moto: boolean;
  /** Run coffer under --cpu-prof and summarize where its time goes. */
  profile: boolean;
  out: string | undefined;
}

const HELP = `usage: npm run bench -- [options]
  --quick            smoke run (~30 s): 1 round of 1 s, no warm-up, 1k secrets
  --big              ListSecrets, restart and RSS at 100k secrets (the issue's scale)
  --rounds N         interleaved rounds per case (default 3)
  --seconds N        length of each wrk run (default 3)
  --warmup N         warm-up seconds per server and case (default 1)
  --connections N    wrk connections (default 16)
  --secrets N        secrets for the listing case (default 10000; 0 skips it)
  --only a,b         run only the cases whose id starts with one of these
  --no-moto          leave moto_server out
  --profile          run coffer with --cpu-prof and print where its CPU time goes
  --out FILE         write the table there instead of bench/results/latest.md`;

export function parseOptions(argv: string[]): Options {
  const o: Options = {
    mode: 'default',
    rounds: 3,
    seconds: 3,
    warmupSeconds: 1,
    connections: 16,
    secrets: 10_000,
    startupRepeats: 5,
    only: [],
    moto: true,
    profile: false,
    out: undefined,
  };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
    return n;
  };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    given.add(a);
    switch (a) {
      case '--quick':
        o.mode = 'quick';
        break;
      case '--big':
        o.mode = 'big';
        break;
      case '--rounds':
        o.rounds = Math.max(1, num(a, argv[++i]));
        break;
      case '--seconds':
        o.seconds = Math.max(1, num(a, argv[++i]));
        break;
      case '--warmup':
        o.warmupSeconds = num(a, argv[++i]);
        break;
      case '--connections':
        o.connections = Math.max(1, num(a, argv[++i]));
        break;
      case '--secrets':
        o.secrets = num(a, argv[++i]);
        break;
      case '--only':
        o.only = (argv[++i] ?? '').split(',').filter(Boolean);
        break;
      case '--no-moto':
        o.moto = false;
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--out':
        o.out = argv[++i];
        break;
      case '-h':
      case '--help':
        process.stdout.write(HELP + '\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}\n${HELP}`);
    }
  }
  if (o.mode === 'quick') {
    if (!given.has('--rounds')) o.rounds = 1;
    if (!given.has('--seconds')) o.seconds = 1;
    if (!given.has('--warmup')) o.warmupSeconds = 0;
    if (!given.has('--secrets')) o.secrets = 1000;
    o.startupRepeats = 2;
  }
  if (o.mode === 'big' && !given.has('--secrets')) o.secrets = 100_000;
  return o;
}

export const selected = (o: Options, id: string): boolean => o.only.length === 0 || o.only.some((p) => id.startsWith(p));
