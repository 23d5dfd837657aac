// The JS half of the bindings' crossing of the JS boundary (src/wasm.rs imports it; wasm-bindgen
// copies this file into the package as a snippet).
//
// In: every value a caller passes (a proposal, a roster, options, file bytes, row indexes) is
// read here, entirely, inside try/catch, before Rust touches any state or memory. `snapshot`
// walks a value into JS-owned numbers and one string, which Rust then copies in with
// `takeSnapshot` and reads back into a `Raw` (src/js/tokens.rs). A getter or Proxy
// trap that throws, a cycle, nesting deeper than 64 levels, a function, a symbol or an input too
// large to be data is a negative reason instead (src/wasm.rs `Unreadable`), with the path of the
// value where it happened. Nothing is thrown to Rust, so no exception ever unwinds through Wasm
// frames (which would leak the module's stack), and a call made from a getter while this one is
// reading (re-entry) completes before this one copies anything, so memory growth cannot detach
// what it reads.
//
// Out: buildVerdict builds the verdict object from the compact form src/js/wire.rs writes:
// a list of u32 and the UTF-16 text of the strings that are not cached yet. Strings of the rule
// book (titles, citations, advice) are sent once and then reused from `cache`, an array that
// belongs to one Wasm instance. The object has exactly the shape serde gives `Verdict`
// (tests/node/boundary.test.mjs compares the two); its readers are generated from the one
// description of that shape in src/js/wire.rs (`shape`).

/** Objects and arrays nest at most this deep; a value below that is `input.unreadable`. */
const MAX_DEPTH = 64;
/** At most this many values (and this many UTF-16 units of text) in one input. */
const MAX_VALUES = 1000000;
const MAX_TEXT = 33554432;

/** Tags of the flattened input, as in src/js/tokens.rs. */
const NULL = 0, FALSE = 1, TRUE = 2, FLOAT = 3, STRING = 4, LIST = 5, MAP = 6, INT = 7, BIGINT = 8;

/** Why a value cannot be read: the negative results of `snapshot`, as in src/wasm.rs. */
const CYCLE = -1, TOO_DEEP = -2, THREW = -3, FUNCTION = -4, SYMBOL = -5, TOO_LARGE = -6,
  BAD_DATE = -7, UNSUPPORTED = -8, MAP_KEY = -9, WRONG_TYPE = -10;

// Intrinsic brand checks: they throw for anything else, call no getter of the value, and see
// through no Proxy.
const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const typedBuffer = getter(TypedArray, 'buffer');
const typedOffset = getter(TypedArray, 'byteOffset');
const typedBytes = getter(TypedArray, 'byteLength');
const typedLength = getter(TypedArray, 'length');
const viewBuffer = getter(DataView.prototype, 'buffer');
const viewOffset = getter(DataView.prototype, 'byteOffset');
const viewBytes = getter(DataView.prototype, 'byteLength');
const bufferBytes = getter(ArrayBuffer.prototype, 'byteLength');
const mapSize = getter(Map.prototype, 'size');
const mapForEach = Map.prototype.forEach;
const dateTime = Date.prototype.getTime;

/** `f.call(v)`, or `undefined` when `v` is not what `f` belongs to. */
function brand(f, v) {
  try {
    return f.call(v);
  } catch {
    return undefined;
  }
}

/** A Date's calendar day in China (UTC+8, no daylight saving time), as `YYYY-MM-DD`. */
function chinaDay(time) {
  const d = new Date(time + 8 * 3600 * 1000);
  const two = (x) => (x < 10 ? '0' : '') + x;
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** Reused for the tokens of the outermost call; a call made from a getter gets its own. */
let scratch = new Float64Array(1024);
let reading = false;
/** The last snapshot until Rust takes it: its tokens, and its text or its failure's path. */
let lastNums = scratch;
let lastCount = 0;
let lastText = '';

/**
 * Reads `value` as JSON-like data into numbers and text kept here until `takeSnapshot`, and
 * returns how many numbers; or a negative reason (above) when it cannot be read, the path of
 * the value in question then being what `takeSnapshot` returns. Never throws.
 *
 * Read as data: strings, numbers (safe integers apart), booleans, `undefined` and `null`
 * (null), BigInts (exact within 64 bits, else the nearest number), arrays (every index, holes
 * as null), plain objects and class instances (own enumerable string keys: what
 * `Object.keys` lists, getters called once), Maps with string keys (as objects) and Dates (the
 * day in China, `YYYY-MM-DD`). Functions, symbols, invalid Dates, Map keys that are not strings
 * and other iterables (Sets, typed arrays, String objects) cannot be read, nor can more than
 * 1,000,000 values or 32 Mi UTF-16 units of text.
 */
export function snapshot(value) {
  const outermost = !reading;
  reading = true;
  let nums = outermost ? scratch : new Float64Array(256);
  let n = 0;
  let text = '';
  let values = 0;
  /** The keys and indexes down to the value being read (`at` of them), and its ancestors. */
  const path = [];
  const stack = [];
  let at = 0;

  const room = (k) => {
    if (n + k > nums.length) {
      const bigger = new Float64Array(Math.max(nums.length * 2, n + k));
      bigger.set(nums);
      nums = bigger;
    }
  };
  const addText = (s) => {
    if (text.length + s.length > MAX_TEXT) return false;
    nums[n++] = s.length;
    text += s;
    return true;
  };

  const walk = (v, depth) => {
    room(3);
    if (++values > MAX_VALUES) return TOO_LARGE;
    switch (typeof v) {
      case 'string':
        nums[n++] = STRING;
        return addText(v) ? 0 : TOO_LARGE;
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
      case 'bigint':
        if (BigInt.asIntN(64, v) === v || BigInt.asUintN(64, v) === v) {
          nums[n++] = BIGINT;
          return addText(String(v)) ? 0 : TOO_LARGE;
        }
        nums[n++] = FLOAT;
        nums[n++] = Number(v);
        return 0;
      case 'function':
        return FUNCTION;
      case 'symbol':
        return SYMBOL;
      case 'object':
        break;
      default:
        return UNSUPPORTED;
    }
    if (v === null) {
      nums[n++] = NULL;
      return 0;
    }
    at = depth;
    for (let i = 0; i < depth; i++) if (stack[i] === v) return CYCLE;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    stack[depth] = v;
    if (Array.isArray(v)) {
      const length = v.length;
      if (!(length <= MAX_VALUES - values)) return TOO_LARGE;
      nums[n++] = LIST;
      nums[n++] = length;
      for (let i = 0; i < length; i++) {
        path[depth] = i;
        at = depth + 1;
        const r = walk(v[i], depth + 1);
        if (r) return r;
      }
      return 0;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return object(v, Object.keys(v), depth);
    const time = brand(dateTime, v);
    if (time !== undefined) {
      if (Number.isNaN(time)) return BAD_DATE;
      nums[n++] = STRING;
      return addText(chinaDay(time)) ? 0 : TOO_LARGE;
    }
    const size = brand(mapSize, v);
    if (size !== undefined) return map(v, size, depth);
    if (Symbol.iterator in v) return UNSUPPORTED;
    return object(v, Object.keys(v), depth);
  };

  const object = (v, keys, depth) => {
    if (!(keys.length <= MAX_VALUES - values)) return TOO_LARGE;
    nums[n++] = MAP;
    nums[n++] = keys.length;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      path[depth] = k;
      at = depth + 1;
      room(1);
      if (!addText(k)) return TOO_LARGE;
      const r = walk(v[k], depth + 1);
      if (r) return r;
    }
    return 0;
  };

  const map = (v, size, depth) => {
    if (!(size <= MAX_VALUES - values)) return TOO_LARGE;
    nums[n++] = MAP;
    const countAt = n++;
    let count = 0;
    let r = 0;
    mapForEach.call(v, (x, k) => {
      if (r) return;
      if (typeof k !== 'string') {
        at = depth;
        r = MAP_KEY;
        return;
      }
      path[depth] = k;
      at = depth + 1;
      room(1);
      if (!addText(k)) {
        r = TOO_LARGE;
        return;
      }
      r = walk(x, depth + 1);
      count++;
    });
    // A getter may have added entries while the Map was read: the count is what was written.
    nums[countAt] = count;
    return r;
  };

  let r;
  try {
    r = walk(value, 0);
  } catch {
    r = THREW;
  }
  if (outermost) {
    reading = false;
    scratch = nums.length > 65536 ? new Float64Array(1024) : nums;
  }
  if (r) {
    let where = '';
    for (let i = 0; i < at; i++) {
      const k = path[i];
      where += typeof k === 'number' ? `[${k}]` : (i ? '.' : '') + k;
    }
    lastCount = 0;
    lastText = where;
    return r;
  }
  lastNums = nums;
  lastCount = n;
  lastText = text;
  return n;
}

/**
 * Copies the last snapshot's numbers into `nums` (a fresh view of Wasm memory, exactly as long)
 * and returns its text, or the path of the value it could not read.
 */
export function takeSnapshot(nums) {
  if (lastCount) nums.set(lastNums.subarray(0, lastCount));
  const text = lastText;
  lastNums = scratch;
  lastCount = 0;
  lastText = '';
  return text;
}

const isByte = (b) => typeof b === 'number' && b >= 0 && b <= 255 && b % 1 === 0;

/**
 * File bytes as a Uint8Array: from a Uint8Array or any other typed array or DataView (its
 * bytes), an ArrayBuffer, or an array of integers 0 to 255; else `WRONG_TYPE` (or `THREW`).
 * The result is a plain Uint8Array, so reading it from Rust calls no getter.
 */
export function bytesOf(value) {
  try {
    if (ArrayBuffer.isView(value)) {
      const length = brand(typedBytes, value);
      if (length !== undefined) {
        return length ? new Uint8Array(typedBuffer.call(value), typedOffset.call(value), length) : new Uint8Array(0);
      }
      const bytes = viewBytes.call(value);
      return bytes ? new Uint8Array(viewBuffer.call(value), viewOffset.call(value), bytes) : new Uint8Array(0);
    }
    const length = brand(bufferBytes, value);
    if (length !== undefined) return length ? new Uint8Array(value) : new Uint8Array(0);
    if (!Array.isArray(value)) return WRONG_TYPE;
    // A sparse array may claim 2^32 - 1 elements: its first is looked at before allocating.
    if (value.length && !isByte(value[0])) return WRONG_TYPE;
    const out = new Uint8Array(value.length);
    for (let i = 0; i < out.length; i++) {
      const b = value[i];
      if (!isByte(b)) return WRONG_TYPE;
      out[i] = b;
    }
    return out;
  } catch {
    return THREW;
  }
}

/**
 * Row indexes as a Uint32Array, from an array or a typed array of at most `max`; an entry that
 * is not a whole number in 0..2^32-2 becomes 2^32-1, which is no row. `TOO_LARGE` for a longer
 * list, else `WRONG_TYPE` (or `THREW`).
 */
export function indexesOf(value, max) {
  try {
    let length = ArrayBuffer.isView(value) ? brand(typedLength, value) : undefined;
    if (length === undefined) {
      if (!Array.isArray(value)) return WRONG_TYPE;
      length = value.length;
    }
    if (!(length <= max)) return TOO_LARGE;
    const out = new Uint32Array(length);
    for (let i = 0; i < length; i++) {
      const x = value[i];
      out[i] = typeof x === 'number' && x >= 0 && x < 4294967295 && x % 1 === 0 ? x : 4294967295;
    }
    return out;
  } catch {
    return THREW;
  }
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

// BEGIN generated from src/js/wire.rs `shape`: do not edit
// (`UPDATE_JS=1 cargo test --lib js::wire` rewrites it).

function funds() {
  const o = {};
  let x;
  if ((x = str()) !== undefined) o.central = x;
  if ((x = str()) !== undefined) o.provincial = x;
  if ((x = str()) !== undefined) o.municipal = x;
  if ((x = str()) !== undefined) o.county = x;
  if ((x = str()) !== undefined) o.other = x;
  return o;
}

function workers() {
  const o = {};
  let x;
  if ((x = num()) !== undefined) o.total = x;
  if ((x = num()) !== undefined) o.povertyAlleviated = x;
  return o;
}

function proposal() {
  const o = {};
  let x;
  if ((x = str()) !== undefined) o.name = x;
  if ((x = str()) !== undefined) o.province = x;
  if ((x = str()) !== undefined) o.provinceName = x;
  o.kind = str();
  o.kindName = str();
  o.funds = funds();
  o.labourRemuneration = str();
  if (ops[at++]) o.workers = workers();
  if ((x = str()) !== undefined) o.date = x;
  if ((x = str()) !== undefined) o.county = x;
  return o;
}

function citation() {
  const o = { document: str(), title: str(), issuer: str() };
  let x;
  if ((x = str()) !== undefined) o.docNumber = x;
  if ((x = str()) !== undefined) o.date = x;
  o.file = str();
  o.clause = str();
  o.quote = str();
  return o;
}

function version() {
  const o = {};
  let x;
  if ((x = num()) !== undefined) o.index = x;
  if ((x = num()) !== undefined) o.count = x;
  return o;
}

function finding() {
  const o = { rule: str(), title: str(), kind: str(), mandatory: ops[at++] === 1, status: str() };
  let x;
  if ((x = str()) !== undefined) o.base = x;
  if (ops[at] !== 0) o.baseFunds = list(str);
  else at++;
  if ((x = str()) !== undefined) o.labour = x;
  if ((x = str()) !== undefined) o.floor = x;
  if ((x = str()) !== undefined) o.threshold = x;
  if ((x = str()) !== undefined) o.thresholdExact = x;
  if ((x = str()) !== undefined) o.ratio = x;
  if ((x = str()) !== undefined) o.shortfall = x;
  o.message = str();
  o.citation = citation();
  if ((x = str()) !== undefined) o.validityNote = x;
  if ((x = str()) !== undefined) o.note = x;
  if (ops[at++]) o.version = version();
  return o;
}

function problem() {
  const o = { code: str(), field: str(), message: str() };
  let x;
  if ((x = num()) !== undefined) o.row = x;
  if ((x = str()) !== undefined) o.column = x;
  return o;
}

function verdict() {
  const o = { status: str(), summary: str() };
  let x;
  if ((x = str()) !== undefined) o.asOf = x;
  o.ruleBookVersion = str();
  if (ops[at++]) o.proposal = proposal();
  o.findings = list(finding);
  o.errors = list(problem);
  o.warnings = list(problem);
  return o;
}
// END generated

/** The verdict src/js/wire.rs `Encoder::encode` wrote, as the object serde would give. */
export function buildVerdict(words, utf16Text, stringCache) {
  ops = words;
  at = 0;
  text = utf16Text.length ? utf16.decode(utf16Text) : '';
  textAt = 0;
  cache = stringCache;
  const v = verdict();
  ops = undefined;
  text = undefined;
  cache = undefined;
  return v;
}
