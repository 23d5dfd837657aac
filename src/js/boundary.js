// The two halves of checkProposal's crossing of the JS boundary that are cheaper in JS than
// through serde-wasm-bindgen (which sets every property with its own call into JS and
// decodes every string, ~90 µs a verdict). Imported by src/wasm.rs; wasm-bindgen copies this
// file into the package as a snippet.
//
// In: readInput flattens a plain JSON-like value into numbers and one string, which Rust reads
// back into a `Raw` (src/raw.rs `Raw::from_tokens`), exactly as serde-wasm-bindgen would have
// read it. Anything else (functions, symbols, BigInts, Dates, Maps, class instances, very
// large inputs) is left to serde-wasm-bindgen.
//
// Out: buildVerdict builds the verdict object from the compact form src/check/wire.rs writes:
// a list of u32 and the UTF-16 text of the strings that are not cached yet. Strings of the rule
// book (titles, citations, advice) are sent once and then reused from `cache`, an array that
// belongs to one Wasm instance. The object has exactly the shape serde gives `Verdict`
// (tests/node/boundary.test.mjs compares the two).

const TOO_DEEP = 64;

/** Tags of the flattened input, as in `Raw::from_tokens`. */
const NULL = 0, FALSE = 1, TRUE = 2, FLOAT = 3, STRING = 4, LIST = 5, MAP = 6, INT = 7;

/**
 * Writes `value` into `nums` (a view of Wasm memory) and returns the text of its strings and
 * keys, concatenated; `undefined` when the value is not plain data or does not fit (then
 * serde-wasm-bindgen reads it), `null` when it is nested deeper than 64 levels (a cycle).
 */
export function readInput(value, nums) {
  let n = 0;
  let text = '';
  const max = nums.length;
  const walk = (v, depth) => {
    if (n + 2 > max) return 1;
    switch (typeof v) {
      case 'string':
        nums[n++] = STRING;
        nums[n++] = v.length;
        text += v;
        return 0;
      case 'number':
        nums[n++] = Number.isSafeInteger(v) ? INT : FLOAT;
        nums[n++] = v;
        return 0;
      case 'boolean':
        nums[n++] = v ? TRUE : FALSE;
        return 0;
      case 'undefined':
        nums[n++] = NULL;
        return 0;
      case 'object': {
        if (v === null) {
          nums[n++] = NULL;
          return 0;
        }
        if (depth >= TOO_DEEP) return 2;
        const proto = Object.getPrototypeOf(v);
        if (Array.isArray(v)) {
          if (proto !== Array.prototype) return 1;
          nums[n++] = LIST;
          nums[n++] = v.length;
          for (let i = 0; i < v.length; i++) {
            const r = walk(v[i], depth + 1);
            if (r) return r;
          }
          return 0;
        }
        if (proto !== Object.prototype && proto !== null) return 1;
        const keys = Object.keys(v);
        nums[n++] = MAP;
        nums[n++] = keys.length;
        for (const k of keys) {
          if (n + 1 > max) return 1;
          nums[n++] = k.length;
          text += k;
          const r = walk(v[k], depth + 1);
          if (r) return r;
        }
        return 0;
      }
      default:
        return 1;
    }
  };
  const r = walk(value, 0);
  if (r === 1) return undefined;
  if (r === 2) return null;
  return text;
}

// ---------------------------------------------------------------------------------------------

const utf16 = new TextDecoder('utf-16le');

let ops;
let at;
let text;
let textAt;
let cache;

/** One string: absent, cached, fresh, or fresh and cached under the id that follows. */
function str() {
  const x = ops[at++];
  switch (x & 3) {
    case 0:
      return undefined;
    case 1:
      return cache[x >>> 2];
    case 2: {
      const end = textAt + (x >>> 2);
      const s = text.slice(textAt, end);
      textAt = end;
      return s;
    }
    default: {
      const end = textAt + (x >>> 2);
      const s = text.slice(textAt, end);
      textAt = end;
      cache[ops[at++]] = s;
      return s;
    }
  }
}

/** An optional number: a presence flag, then the value. */
function num() {
  const present = ops[at++];
  const v = ops[at++];
  return present ? v : undefined;
}

function list(read) {
  const n = ops[at++];
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = read();
  return out;
}

function funds() {
  const f = {};
  let x;
  if ((x = str()) !== undefined) f.central = x;
  if ((x = str()) !== undefined) f.provincial = x;
  if ((x = str()) !== undefined) f.municipal = x;
  if ((x = str()) !== undefined) f.county = x;
  if ((x = str()) !== undefined) f.other = x;
  return f;
}

function workers() {
  const w = {};
  let x;
  if ((x = num()) !== undefined) w.total = x;
  if ((x = num()) !== undefined) w.povertyAlleviated = x;
  return w;
}

function proposal() {
  const p = {};
  let x;
  if ((x = str()) !== undefined) p.name = x;
  if ((x = str()) !== undefined) p.province = x;
  if ((x = str()) !== undefined) p.provinceName = x;
  p.kind = str();
  p.kindName = str();
  p.funds = funds();
  p.labourRemuneration = str();
  if (ops[at++]) p.workers = workers();
  if ((x = str()) !== undefined) p.date = x;
  return p;
}

function citation() {
  const c = { document: str(), title: str(), issuer: str() };
  let x;
  if ((x = str()) !== undefined) c.docNumber = x;
  if ((x = str()) !== undefined) c.date = x;
  c.file = str();
  c.clause = str();
  c.quote = str();
  return c;
}

function finding() {
  const f = { rule: str(), title: str(), kind: str(), mandatory: ops[at++] === 1, status: str() };
  let x;
  if ((x = str()) !== undefined) f.base = x;
  if (ops[at] !== 0) f.baseFunds = list(str);
  else at++;
  if ((x = str()) !== undefined) f.labour = x;
  if ((x = str()) !== undefined) f.floor = x;
  if ((x = str()) !== undefined) f.threshold = x;
  if ((x = str()) !== undefined) f.thresholdExact = x;
  if ((x = str()) !== undefined) f.ratio = x;
  if ((x = str()) !== undefined) f.shortfall = x;
  f.message = str();
  f.citation = citation();
  if ((x = str()) !== undefined) f.validityNote = x;
  if ((x = str()) !== undefined) f.note = x;
  return f;
}

function problem() {
  const p = { code: str(), field: str(), message: str() };
  let x;
  if ((x = num()) !== undefined) p.row = x;
  if ((x = str()) !== undefined) p.column = x;
  return p;
}

/** The verdict written by src/check/wire.rs `encode_verdict`. */
export function buildVerdict(words, utf16Text, stringCache) {
  ops = words;
  at = 0;
  text = utf16Text.length ? utf16.decode(utf16Text) : '';
  textAt = 0;
  cache = stringCache;
  const v = { status: str(), summary: str() };
  let x;
  if ((x = str()) !== undefined) v.asOf = x;
  v.ruleBookVersion = str();
  if (ops[at++]) v.proposal = proposal();
  v.findings = list(finding);
  v.errors = list(problem);
  v.warnings = list(problem);
  ops = undefined;
  text = undefined;
  cache = undefined;
  return v;
}
