// What the page's JavaScript may use: nothing that Chromium 90, Firefox ESR 115 and Safari 15
// (iOS 15: WeChat's WebView) do not all run. scripts/lint runs it over www/, src/js/ (copied into
// the package as a snippet) and the browser glue in pkg/ (wasm-bindgen's, and the JavaScript build
// in pkg/js/); tests/node/lint.test.mjs shows it failing. The browsers are package.json's
// `browserslist` (eslint-plugin-compat reads it there; stylelint.config.js too).
//
// - Syntax and built-ins: eslint-plugin-es-x, everything after ES2020 forbidden except what all
//   three kernels have (ALLOWED). Method rules are "aggressive": `x.at(-1)` is reported whatever
//   `x` is, since the plugin cannot know. A use behind a test of the property
//   (`if (Symbol.dispose) ...`) is allowed.
// - Web APIs: eslint-plugin-compat (MDN's browser-compat-data against the browserslist), plus
//   what it cannot see on a receiver of unknown type (RESTRICTED_PROPERTIES, RESTRICTED_SYNTAX).
// - Safari 14.1 to 15.x's class field bug: old-kernels/class-field-parens.
// A fallback behind a feature test the plugins cannot see gets an eslint-disable comment that
// says why it is safe.
import compat from 'eslint-plugin-compat';
import esx from 'eslint-plugin-es-x';

/**
 * Features newer than ES2020 that every supported kernel runs (MDN browser-compat-data: Chrome,
 * Firefox, Safari and iOS Safari). Everything else after ES2020 stays an error, notably: class
 * static blocks (Chrome 94, Safari 16.4), `#x in obj` (Chrome 91), Error `cause` (Chrome 93),
 * `.at()`, `Object.hasOwn`, `findLast` (Safari 15.4), `Intl.Segmenter` (Firefox 125),
 * `Intl.supportedValuesOf` (Chrome 99), and top-level await: Safari before 27 runs it, but when
 * two modules import a module that awaits at its top level at the same time, one of them can see
 * its exports undefined (WebKit bug 242740), and that is how a page of ES modules loads.
 */
const ALLOWED = [
  'no-logical-assignment-operators', // Chrome 85, Firefox 79, Safari 14
  'no-numeric-separators', // Chrome 75, Firefox 70, Safari 13
  'no-promise-any', // Chrome 85, Firefox 79, Safari 14
  'no-string-prototype-replaceall', // Chrome 85, Firefox 77, Safari 13.1
  'no-weakrefs', // WeakRef, FinalizationRegistry: Chrome 84, Firefox 79, Safari 14.1
  'no-intl-datetimeformat-prototype-formatrange', // Chrome 76, Firefox 91, Safari 14.1
  'no-intl-displaynames', // Chrome 81, Firefox 86, Safari 14.1
  'no-intl-listformat', // Chrome 72, Firefox 78, Safari 14.1
  'no-arbitrary-module-namespace-names', // Chrome 88, Firefox 87, Safari 14.1
  'no-class-instance-fields', // Chrome 72, Firefox 69, Safari 14.1 (but see class-field-parens)
  'no-class-static-fields', // Chrome 72, Firefox 75, Safari 14.1
  'no-class-private-fields', // Chrome 74, Firefox 90, Safari 14.1
  'no-class-private-methods', // Chrome 84, Firefox 90, Safari 15
  'no-regexp-d-flag', // Chrome 90, Firefox 88, Safari 15
].map((rule) => `es-x/${rule}`);

const ES_RULES = [
  'flat/restrict-to-es2020', 'flat/restrict-to-es2020-intl-api', 'flat/no-new-in-esnext', 'flat/no-new-in-esnext-intl-api',
].flatMap((config) => Object.keys(esx.configs[config].rules)).filter((rule) => !ALLOWED.includes(rule));

const ruleOptions = (rule) => esx.rules[rule.slice('es-x/'.length)].meta.schema?.[0]?.properties ?? {};
/** A rule about a prototype's method or property (it has the `aggressive` option). */
const isMethodRule = (rule) => Boolean(ruleOptions(rule).aggressive);

/** Each es-x rule, with a feature-tested use allowed where the rule can tell. */
function esRule(rule) {
  const options = ruleOptions(rule);
  const set = {};
  if (options.allowTestedProperty) set.allowTestedProperty = true;
  // Iterator helpers share their names with Array methods: reported aggressively, every
  // `xs.map(f)` would be. They stay on for receivers the plugin knows to be iterators.
  if (options.aggressive && rule.startsWith('es-x/no-iterator-prototype-')) set.aggressive = false;
  return Object.keys(set).length ? ['error', set] : 'error';
}

const CONSTRUCTED_SHEETS = 'Constructed stylesheets arrive in Safari 16.4 (not 15): style a shadow root with styleShadow() (www/verdict.js).';

/** Web APIs missing in a supported kernel that eslint-plugin-compat misses on an unknown receiver. */
const RESTRICTED_PROPERTIES = [
  ['adoptedStyleSheets', CONSTRUCTED_SHEETS],
  ['replaceSync', CONSTRUCTED_SHEETS],
  ['showModal', '<dialog> arrives in Safari 15.4 (not 15.0 to 15.3): see the fallback in www/review.js.'],
].map(([property, message]) => ({ property, message }));

/**
 * ES2022+ methods whose names say what they are, for the JavaScript build (pkg/js/), where es-x's
 * method rules are off: on its 1.7 MB of minified code they take three quarters of the lint's
 * time, for code whose method calls are wasm-bindgen's glue (checked in full as pkg/*.js) and
 * wasm2js's arithmetic. Names shared with older methods (the iterator helpers' map, filter,
 * includes, ...) are left out.
 */
const NEWER_METHODS = [
  'at', 'findLast', 'findLastIndex', 'toReversed', 'toSorted', 'toSpliced', 'with', 'isWellFormed', 'toWellFormed',
  'transfer', 'transferToFixedLength', 'resize', 'union', 'intersection', 'difference', 'symmetricDifference',
  'isSubsetOf', 'isSupersetOf', 'isDisjointFrom', 'getOrInsert', 'getOrInsertComputed', 'toBase64', 'toHex',
  'setFromBase64', 'setFromHex', 'getFloat16', 'setFloat16', 'selectRange', 'getCalendars', 'getCollations',
  'getHourCycles', 'getNumberingSystems', 'getTextInfo', 'getTimeZones', 'getWeekInfo', 'toTemporalInstant',
  'chunks', 'windows',
].map((property) => ({ property, message: 'ES2022 or later: missing in Chromium 90, Firefox 115 or Safari 15.' }));

const RESTRICTED_SYNTAX = [
  { selector: "NewExpression[callee.name='CSSStyleSheet']", message: CONSTRUCTED_SHEETS },
  { selector: "MemberExpression[object.type='MetaProperty'][property.name='resolve']", message: 'import.meta.resolve: Chrome 105, Safari 16.4. Use new URL(path, import.meta.url).' },
];

/**
 * Safari 14.1 to 15.x (WebKit bug 236843, fixed in Safari 16): a class field initializer holding
 * a parenthesis that opens an expression (grouping, or the parameters of an arrow function or a
 * function; not a call's arguments) can throw "ReferenceError: Can't find variable" for a variable
 * of an enclosing scope it names, and only once the JIT compiles it. Reported when an initializer
 * has such a parenthesis and names a variable outside a nested function.
 */
const classFieldParens = {
  meta: {
    type: 'problem',
    docs: { description: 'class field initializers that Safari 14.1 to 15.x can get wrong (WebKit bug 236843)' },
    schema: [],
    messages: {
      parens: 'Safari 14.1–15.x (WebKit bug 236843) can throw ReferenceError for a class field initializer with a parenthesised expression or function parameters that names a variable: set this field in the constructor.',
    },
  },
  create(context) {
    const source = context.sourceCode;
    return {
      PropertyDefinition(node) {
        if (!node.value) return;
        const argumentParens = new Set();
        let namesVariable = false;
        const visit = (n, inFunction) => {
          if (n.type === 'CallExpression' || n.type === 'NewExpression') {
            const open = source.getTokenAfter(n.callee, (t) => t.value === '(');
            if (open && open.range[1] <= n.range[1]) argumentParens.add(open.range[0]);
          }
          if (n.type === 'Identifier' && !inFunction) namesVariable = true;
          const nested = inFunction || n.type.endsWith('FunctionExpression');
          for (const [key, child] of Object.entries(n)) {
            if (key === 'parent' || !child || typeof child !== 'object') continue;
            // Property names are not variables.
            if (!n.computed && ((n.type === 'MemberExpression' && key === 'property') || (n.type === 'Property' && key === 'key'))) continue;
            for (const c of Array.isArray(child) ? child : [child]) if (typeof c?.type === 'string') visit(c, nested);
          }
        };
        visit(node.value, false);
        if (!namesVariable) return;
        // The initializer's tokens, and a "(" just before it that wraps it.
        const tokens = source.getTokens(node.value);
        const before = source.getTokenBefore(node.value);
        if (before?.value === '(') tokens.push(before);
        if (tokens.some((t) => t.type === 'Punctuator' && t.value === '(' && !argumentParens.has(t.range[0]))) {
          context.report({ node: node.value, messageId: 'parens' });
        }
      },
    };
  },
};

export default [
  // A Python generator that writes the templates, not page code.
  { ignores: ['www/templates/**'] },
  {
    files: ['www/**/*.js', 'src/js/**/*.js', 'pkg/*.js', 'pkg/snippets/**/*.js', 'pkg/js/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'es-x': esx, compat, 'old-kernels': { rules: { 'class-field-parens': classFieldParens } } },
    settings: { 'es-x': { aggressive: true } },
    rules: {
      ...Object.fromEntries(ES_RULES.map((rule) => [rule, esRule(rule)])),
      // ES2018, but Safari parses a lookbehind (?<=x), (?<!x) only from 16.4: before, the
      // whole module fails to load.
      'es-x/no-regexp-lookbehind-assertions': 'error',
      'compat/compat': 'error',
      'no-restricted-properties': ['error', ...RESTRICTED_PROPERTIES],
      'no-restricted-syntax': ['error', ...RESTRICTED_SYNTAX],
      'old-kernels/class-field-parens': 'error',
    },
  },
  {
    // wasm-bindgen's glue reads `buffer.detached` to learn whether Wasm memory grew, and handles
    // it being undefined (`detached === undefined && buffer !== wasm.memory.buffer`), as it is
    // before Chrome 114 and Safari 17.4. The rule's other members stay restricted.
    files: ['pkg/*.js'],
    rules: {
      'es-x/no-arraybuffer-prototype-transfer': 'off',
      'no-restricted-properties': ['error', ...RESTRICTED_PROPERTIES,
        ...['transfer', 'transferToFixedLength'].map((property) => ({ property, message: 'ArrayBuffer.prototype.transfer: Chrome 114, Safari 17.4.' }))],
    },
  },
  {
    // The JavaScript build: esbuild wrote it for the same kernels (scripts/wasm2js.mjs), so this
    // confirms its syntax and built-ins; method names are checked by NEWER_METHODS.
    files: ['pkg/js/*.js'],
    rules: {
      ...Object.fromEntries(ES_RULES.filter(isMethodRule).map((rule) => [rule, 'off'])),
      'no-restricted-properties': ['error', ...RESTRICTED_PROPERTIES, ...NEWER_METHODS],
    },
  },
  {
    // The page's own code stays in functions a reader can hold: a view is a state object, pure
    // render functions and small handlers (www/file-check.js shares what the file views share),
    // not one closure over its whole life. Templates' generator excepted (ignored above).
    files: ['www/**/*.js'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The one classic script, for browsers too old for modules: ES5 only.
    files: ['www/no-module.js'],
    languageOptions: { sourceType: 'script' },
    rules: esx.configs['flat/restrict-to-es5'].rules,
  },
];
