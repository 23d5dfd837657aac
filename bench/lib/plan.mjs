// The 100,000-row plan: a deterministic CSV (万元 headers; mixed kinds and provinces; passing,
// failing, review and invalid rows), its expected summary, and a GBK encoding of it.
import { mulberry32 } from './proposals.mjs';

const COUNTIES = ['会宁县', '通渭县', '渭源县', '临洮县', '岷县', '漳县', '陇西县', '安定区', '永靖县', '康乐县', '东乡县', '积石山县'];
const WORKS = ['村组道路硬化', '小型水利设施修缮', '田间道路建设', '灌溉渠系配套', '农村供水管网改造', '梯田整修', '产业路建设', '河道治理'];
export const HEADER = ['序号', '项目名称', '所在省份', '项目类型', '中央资金（万元）', '省级资金（万元）', '市级资金（万元）', '县级资金（万元）', '其他资金（万元）', '劳务报酬（万元）', '核算日期'];

/** Whole yuan → 万元 text with up to 4 decimals. */
const wan = (yuan) => {
  const s = String(yuan).padStart(5, '0');
  const t = `${s.slice(0, -4)}.${s.slice(-4)}`.replace(/\.?0+$/, '');
  return t === '' ? '0' : t;
};

/** Returns { text, expected } for a plan of `rows` project rows (CRLF line ends). */
export function makePlan(rows, seed = 20250630) {
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const expected = { pass: 0, fail: 0, review: 0, invalid: 0, total: rows };
  const lines = [HEADER.join(',')];
  for (let i = 1; i <= rows; i++) {
    const name = `${COUNTIES[i % COUNTIES.length]}${WORKS[(i * 7) % WORKS.length]}${i}号`;
    const pick = rand();
    const passes = rand() < 0.65;
    const slack = int(1, 20_000);
    let province = '甘肃';
    let kind;
    let funds = ['', '', '', '', ''];
    let labour;
    let status;
    if (pick < 0.03) {
      kind = '中央预算内';
      funds[0] = i % 2 ? '五百' : '-5';
      labour = '150';
      status = 'invalid';
    } else if (pick < 0.33) {
      const central = int(50, 5000) * 10_000;
      kind = '中央预算内';
      funds[0] = wan(central);
      funds[3] = wan(int(0, 50) * 10_000);
      labour = wan(passes ? (central * 3) / 10 + slack : (central * 3) / 10 - slack);
      status = passes ? 'pass' : 'fail';
    } else if (pick < 0.48) {
      const central = int(50, 3000) * 10_000;
      kind = '中央衔接资金';
      funds[0] = wan(central);
      labour = wan(passes ? central / 5 + slack : central / 5 - slack);
      status = passes ? 'pass' : 'fail';
    } else if (pick < 0.68) {
      const provincial = int(50, 3000) * 10_000;
      kind = '省级衔接资金';
      funds[1] = wan(provincial);
      funds[3] = wan(int(0, 30) * 10_000);
      if (rand() < 0.3) {
        province = '贵州';
        labour = wan(provincial / 5);
        status = 'review';
      } else {
        labour = wan(passes ? provincial / 5 + slack : provincial / 5 - slack);
        status = passes ? 'pass' : 'fail';
      }
    } else if (pick < 0.9) {
      const parts = [int(20, 800), int(0, 200), int(0, 100), int(0, 100)].map((x) => x * 10_000);
      const base = parts.reduce((a, b) => a + b, 0);
      kind = '农业农村基础设施';
      funds = [...parts.map((p) => (p ? wan(p) : '')), wan(int(0, 300) * 10_000)];
      labour = wan(passes ? base / 10 + slack : base / 10 - slack);
      status = passes ? 'pass' : 'fail';
    } else {
      kind = '重点工程';
      province = i % 3 ? '甘肃' : '四川';
      funds[0] = wan(int(500, 5000) * 10_000);
      funds[1] = wan(int(0, 500) * 10_000);
      labour = wan(int(10, 300) * 10_000);
      status = 'review';
    }
    expected[status]++;
    lines.push([i, name, province, kind, ...funds, labour, '2025-06-30'].join(','));
  }
  return { text: `${lines.join('\r\n')}\r\n`, expected };
}

/**
 * A small GBK encoder: ASCII as is, every other character through an inverse map built from
 * the platform's `TextDecoder('gbk')` over the two-byte GBK range, for the characters needed.
 */
export function gbkEncoder(characters) {
  const needed = new Set([...characters].filter((c) => c.codePointAt(0) > 0x7f));
  const map = new Map();
  const decoder = new TextDecoder('gbk');
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe && map.size < needed.size; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const c = decoder.decode(pair);
      if (needed.has(c) && !map.has(c)) map.set(c, [lead, trail]);
    }
  }
  const missing = [...needed].filter((c) => !map.has(c));
  if (missing.length) throw new Error(`no GBK bytes for ${missing.join('')}`);
  return (text) => {
    const out = new Uint8Array(text.length * 2);
    let n = 0;
    for (const c of text) {
      const code = c.codePointAt(0);
      if (code <= 0x7f) out[n++] = code;
      else {
        const [a, b] = map.get(c);
        out[n++] = a;
        out[n++] = b;
      }
    }
    return out.subarray(0, n);
  };
}

/** The GBK bytes of a text that uses only the plan's fixed Chinese strings. */
export function toGbk(text) {
  const chars = new Set(text); // iterates code points; fast enough for a few MB
  const encode = gbkEncoder(chars);
  const bytes = encode(text);
  // round trip: the platform decodes what we encoded back to the same text
  if (new TextDecoder('gbk').decode(bytes) !== text) throw new Error('GBK round trip failed');
  return bytes;
}
