/** IPv4 / IPv6 addresses and CIDR ranges for IpAddress / NotIpAddress. */

export interface IpValue {
  v6: boolean;
  value: bigint;
}

export interface Cidr {
  v6: boolean;
  network: bigint;
  bits: number;
  mask: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return undefined;
    let n = 0;
    for (let i = 0; i < p.length; i++) {
      const d = p.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      n = n * 10 + d;
    }
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return BigInt(v);
}

function parseV6(input: string): bigint | undefined {
  const s = input.replace(/%.*$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const items = h.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i] as string;
      if (it.includes('.')) {
        // An embedded IPv4 address may only be the last item.
        const v4 = i === items.length - 1 ? parseV4(it) : undefined;
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return undefined;
        out.push(parseInt(it, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return undefined;
    all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else {
    all = head;
  }
  if (all.length !== 8) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function parseIp(s: string): IpValue | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const v = parseV6(t);
    return v === undefined ? undefined : { v6: true, value: v };
  }
  const v = parseV4(t);
  return v === undefined ? undefined : { v6: false, value: v };
}

/** "203.0.113.0/24", "2001:DB8::/32"; a bare address means /32 (IPv4) or /128 (IPv6). */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  const ip = parseIp(slash < 0 ? s : s.slice(0, slash));
  if (!ip) return undefined;
  const max = ip.v6 ? 128 : 32;
  let bits = max;
  if (slash >= 0) {
    const b = s.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(b)) return undefined;
    bits = Number(b);
    if (bits > max) return undefined;
  }
  const m = mask(bits, max);
  return { v6: ip.v6, network: ip.value & m, bits, mask: m };
}

function mask(bits: number, max: number): bigint {
  const all = (1n << BigInt(max)) - 1n;
  return all ^ ((1n << BigInt(max - bits)) - 1n);
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

export function cidrContains(c: Cidr, ipText: string): boolean {
  const ip = parseIp(ipText);
  return ip !== undefined && cidrContainsIp(c, ip);
}

export function cidrContainsIp(c: Cidr, ip: IpValue): boolean {
  let { v6, value } = ip;
  // Node reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d.
  if (v6 && !c.v6 && value >> 32n === V4_MAPPED_PREFIX >> 32n) {
    v6 = false;
    value &= 0xffffffffn;
  }
  if (v6 !== c.v6) return false;
  return (value & c.mask) === c.network;
}
