// Proposals for the per-proposal comparison: a deterministic mix (kinds, provinces, passes,
// fails, 万元 amounts, review rows) and the boundary cases, each with its exact verdict
// computed here on BigInt fen so that checkProposal itself is checked too.
//
// Every amount exists three ways: exact fen (BigInt), the decimal text a person types, and the
// JS number that text becomes. checkProposal gets the number (it reads numbers back through
// their shortest round-trip text); the peer engines get the same number, as a user would.

export function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The floor rules compared: rule id, kinds, base funds, floor as tenths, Gansu only. */
export const FLOORS = {
  central_budget: { rule: 'work_relief.central_budget', base: ['central'], tenths: 3n, rate: 0.3 },
  central_linkage: { rule: 'work_relief.central_linkage', base: ['central'], tenths: 2n, rate: 0.2 },
  provincial_linkage: { rule: 'work_relief.provincial_linkage', base: ['provincial'], tenths: 2n, rate: 0.2, province: '62' },
  rural_infrastructure: { rule: 'work_relief.rural_infrastructure', base: ['central', 'provincial', 'municipal', 'county'], tenths: 1n, rate: 0.1 },
};
export const FUND_KEYS = ['central', 'provincial', 'municipal', 'county', 'other'];
const PROVINCES = { 62: '甘肃省', 52: '贵州省' };

/** Fen (BigInt) → decimal text in the unit: 元 (2 decimals) or 万元 (6 decimals, trimmed). */
export function text(fen, unit = '元') {
  const scale = unit === '万元' ? 6 : 2;
  const s = fen.toString().padStart(scale + 1, '0');
  const t = `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return unit === '万元' ? t.replace(/\.?0+$/, '') || '0' : t;
}
/** The same text grouped by thousands, for listings. */
export function grouped(fen, unit = '元') {
  const [i, f] = text(fen, unit).split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? `.${f}` : ''}${unit === '万元' ? '万' : ''}`;
}

/** The exact verdict of the floor rule: 'pass', 'fail', or null when it does not apply. */
export function exactVerdict(c) {
  const floor = FLOORS[c.kind];
  if (!floor || (floor.province && c.province !== floor.province)) return null;
  const base = floor.base.reduce((sum, k) => sum + (c.fen[k] ?? 0n), 0n);
  if (base === 0n) return 'fail'; // a floor on a zero base cannot pass
  return c.fen.labour * 10n >= floor.tenths * base ? 'pass' : 'fail';
}

/** A case: { name, kind, province ('62'), unit, fen: { central, ..., labour } } → inputs. */
export function materialise(c) {
  const num = (k) => Number(text(c.fen[k] ?? 0n, c.unit));
  const funds = Object.fromEntries(FUND_KEYS.map((k) => [k, num(k)]));
  return {
    ...c,
    exact: exactVerdict(c),
    proposal: {
      name: c.name,
      province: PROVINCES[c.province],
      kind: c.kind,
      unit: c.unit,
      funds,
      labourRemuneration: num('labour'),
      date: '2025-06-30',
    },
    facts: { kind: c.kind, province: c.province, ...funds, labour: num('labour') },
  };
}

/** What a binary-float engine computes for the case: product (labour >= base * rate) and
 * ratio (labour / base >= rate) forms, the base summed left to right. */
export function floatVerdicts(c) {
  const floor = FLOORS[c.kind];
  const num = (k) => Number(text(c.fen[k] ?? 0n, c.unit));
  let base = 0;
  for (const k of floor.base) base += num(k);
  const labour = num('labour');
  return { product: labour >= base * floor.rate ? 'pass' : 'fail', ratio: labour / base >= floor.rate ? 'pass' : 'fail' };
}

const randBig = (rand, digits) => {
  // a uniformly random integer with exactly `digits` digits
  let s = String(1 + Math.floor(rand() * 9));
  for (let i = 1; i < digits; i++) s += Math.floor(rand() * 10);
  return BigInt(s);
};
const ceilDiv = (a, b) => (a + b - 1n) / b;

/**
 * Searches fen amounts where the binary-float comparison disagrees with exact decimal
 * arithmetic: random bases from 100 yuan to the 9,999,999,999,999.99 bound (60% a multiple of
 * 10 fen, so that the floor is a whole fen amount; rural bases often split over the four public
 * funds), labour the least whole fen meeting the floor and 0.01 less, in 元 and 万元. Keeps the
 * first `perKind` of each (rule × unit × forms that disagree × exact verdict). Deterministic.
 */
export function searchFloatCases({ seed = 20251123, samples = 400_000, perKind = 2 } = {}) {
  const rand = mulberry32(seed);
  const found = new Map();
  let tried = 0;
  let disagreements = 0;
  const direction = { falseFail: 0, falsePass: 0 };
  const kinds = Object.keys(FLOORS);
  for (let i = 0; i < samples; i++) {
    const kind = kinds[i % kinds.length];
    const floor = FLOORS[kind];
    const unit = rand() < 0.5 ? '元' : '万元';
    const digits = 4 + Math.floor(rand() * 12); // fen digits: 100 yuan … 9,999,999,999,999.99 yuan
    let total = randBig(rand, digits);
    if (rand() < 0.6) total -= total % 10n; // an exact floor in whole fen for every rate
    if (total === 0n) continue;
    const fen = { central: 0n, provincial: 0n, municipal: 0n, county: 0n, other: 0n };
    if (floor.base.length > 1 && rand() < 0.7) {
      // split the base over the four public funds, each a fen amount
      let rest = total;
      for (const k of floor.base.slice(0, -1)) {
        const part = (rest * BigInt(Math.floor(rand() * 1000))) / 1000n;
        fen[k] = part;
        rest -= part;
      }
      fen[floor.base.at(-1)] = rest;
    } else {
      fen[floor.base[0]] = total;
    }
    const threshold = ceilDiv(floor.tenths * total, 10n); // least whole fen that meets the floor
    for (const labour of [threshold, threshold - 1n]) {
      tried++;
      const c = { kind, province: '62', unit, fen: { ...fen, labour } };
      const exact = exactVerdict(c);
      const float = floatVerdicts(c);
      const forms = ['product', 'ratio'].filter((form) => float[form] !== exact);
      if (!forms.length) continue;
      disagreements++;
      direction[exact === 'pass' ? 'falseFail' : 'falsePass']++;
      const key = `${kind}|${unit}|${forms.join('+')}|${exact}`;
      const list = found.get(key) ?? [];
      if (list.length < perKind) {
        list.push(c);
        found.set(key, list);
      }
    }
  }
  const cases = [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([key, list]) => {
    const [kind, unit, forms] = key.split('|');
    // e.g. "search 30% 万元 product+ratio #1": the forms whose doubles disagree with `exact`
    return list.map((c, j) => ({ ...c, name: `search ${Number(FLOORS[kind].tenths) * 10}% ${unit} ${forms} #${j + 1}` }));
  });
  return { cases, tried, disagreements, direction };
}

const F = (yuan) => BigInt(Math.round(yuan * 100)); // for hand-written amounts with ≤ 2 decimals, small enough to be exact
const W = (wan) => BigInt(Math.round(wan * 1e6)); // 万元 with ≤ 6 decimals

/** The hand-written boundary cases. */
export function handCases() {
  const cb = (name, unit, central, labour, extra = {}) => ({ name, kind: 'central_budget', province: '62', unit, fen: { central, labour, ...extra } });
  return [
    cb('140.99万 × 30% = 42.297万 exactly (万元)', '万元', W(140.99), W(42.297)),
    cb('140.99万, 42.296999万: 0.01 yuan short (万元)', '万元', W(140.99), W(42.297) - 1n),
    cb('1,234,567.89 × 30% = 370,370.367: 370,370.37 passes', '元', 123456789n, 37037037n),
    cb('1,234,567.89 × 30% = 370,370.367: 370,370.36 fails', '元', 123456789n, 37037036n),
    cb('exact floor: 5,000,000 × 30% = 1,500,000.00', '元', F(5_000_000), F(1_500_000)),
    cb('0.01 short: 5,000,000 × 30%, 1,499,999.99', '元', F(5_000_000), F(1_499_999.99)),
    { name: 'central_linkage exact floor: 3,000,000.10 × 20% = 600,000.02', kind: 'central_linkage', province: '62', unit: '元', fen: { central: 300000010n, labour: 60000002n } },
    { name: 'central_linkage 0.01 short: 600,000.01', kind: 'central_linkage', province: '62', unit: '元', fen: { central: 300000010n, labour: 60000001n } },
    { name: 'provincial_linkage (Gansu) exact floor: 1,000,000.35 × 20% = 200,000.07', kind: 'provincial_linkage', province: '62', unit: '元', fen: { provincial: 100000035n, labour: 20000007n } },
    { name: 'provincial_linkage (Gansu) 0.01 short: 200,000.06', kind: 'provincial_linkage', province: '62', unit: '元', fen: { provincial: 100000035n, labour: 20000006n } },
    { name: 'rural exact floor: 1,000,000.10 + 200,000.20 (+ other 9,999,999) × 10% = 120,000.03', kind: 'rural_infrastructure', province: '62', unit: '元', fen: { central: 100000010n, provincial: 20000020n, other: 999999900n, labour: 12000003n } },
    { name: 'rural exact floor: 0.10 + 0.20 × 10% = 0.03', kind: 'rural_infrastructure', province: '62', unit: '元', fen: { central: 10n, provincial: 20n, labour: 3n } },
    { name: 'rural 4 funds exact floor: 700.70 + 300.30 + 100.10 + 0.10 × 10% = 110.12', kind: 'rural_infrastructure', province: '62', unit: '元', fen: { central: 70070n, provincial: 30030n, municipal: 10010n, county: 10n, labour: 11012n } },
    cb('zero base, zero labour', '元', 0n, 0n),
    cb('zero base, labour 100.00', '元', 0n, 10000n),
    { name: 'rural zero public base, other 1,000,000', kind: 'rural_infrastructure', province: '62', unit: '元', fen: { other: F(1_000_000), labour: F(50_000) } },
    cb('maximum: 9,999,999,999,999.99 × 30% = 2,999,999,999,999.997 → 3,000,000,000,000.00 passes', '元', 999999999999999n, 300000000000000n),
    cb('maximum: 2,999,999,999,999.99 fails (0.007 short)', '元', 999999999999999n, 299999999999999n),
  ];
}

/**
 * The generated mix: `count` proposals from a seeded PRNG: 30% central budget, 15% central
 * linkage, 15% provincial linkage (a fifth outside Gansu: review), 30% rural infrastructure,
 * 10% key projects (review); 60% pass with some slack, 35% fail, 5% on the exact floor; one in
 * ten in 万元.
 */
export function generatedCases(count = 1000, seed = 20250630) {
  const rand = mulberry32(seed);
  const fenIn = (lo, hi) => BigInt(lo + Math.floor(rand() * (hi - lo)));
  const out = [];
  for (let i = 0; i < count; i++) {
    const pick = rand();
    const kind = pick < 0.3 ? 'central_budget' : pick < 0.45 ? 'central_linkage' : pick < 0.6 ? 'provincial_linkage' : pick < 0.9 ? 'rural_infrastructure' : 'key_project';
    const province = kind === 'provincial_linkage' && rand() < 0.2 ? '52' : '62';
    const unit = rand() < 0.1 ? '万元' : '元';
    const fen = { central: 0n, provincial: 0n, municipal: 0n, county: 0n, other: 0n };
    const floor = FLOORS[kind];
    const keys = floor?.base ?? ['central', 'provincial'];
    for (const k of keys) fen[k] = fenIn(1_000_000, 2_000_000_000); // 10,000 to 20,000,000 yuan each
    if (rand() < 0.3) fen.other = fenIn(0, 500_000_000);
    const base = keys.reduce((s, k) => s + fen[k], 0n);
    const threshold = floor ? ceilDiv(floor.tenths * base, 10n) : base / 5n;
    const r = rand();
    const slack = fenIn(1, 5_000_000);
    fen.labour = r < 0.05 ? threshold : r < 0.65 ? threshold + slack : threshold - slack > 0n ? threshold - slack : 0n;
    out.push({ name: `generated #${i + 1}`, kind, province, unit, fen });
  }
  return out;
}
