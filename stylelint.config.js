// What the page's CSS may use: nothing that Chromium 90, Firefox ESR 115 and Safari 15 (iOS 15:
// WeChat's WebView) do not all apply. scripts/lint runs it over www/**/*.css, which holds every
// style of the page and of its shadow roots: no CSS is written in JavaScript (www/shadow-styles.js
// is a copy of the shadow roots' .css files, generated, and tests/node/shadow-styles.test.mjs
// keeps it equal to them; eslint.config.js allows constructed stylesheets only in styleShadow()).
// tests/node/lint.test.mjs shows it failing. The browsers are package.json's `browserslist`, as
// for eslint.config.js.
//
// Two checks, each catching what the other misses:
// - stylelint-no-unsupported-browser-features: doiuse, over caniuse's features;
// - old-kernels/css-compat (below): every property, keyword value, function, at-rule, selector
//   and nesting against MDN's browser-compat-data (the data eslint-plugin-compat uses).
// What a supported kernel lacks but the page uses harmlessly is listed with the reason.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import stylelint from 'stylelint';

const { browserslist: QUERY } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// MDN's data and browserslist as eslint-plugin-compat has them; stylelint's own CSS parsers.
const fromCompat = createRequire(createRequire(import.meta.url).resolve('eslint-plugin-compat'));
const fromStylelint = createRequire(createRequire(import.meta.url).resolve('stylelint'));
const bcd = fromCompat('@mdn/browser-compat-data');
const browserslist = fromCompat('browserslist');
const valueParser = fromStylelint('postcss-value-parser');
const selectorParser = fromStylelint('postcss-selector-parser');

/** caniuse's browser names (browserslist) → MDN's, with a name for messages. */
const BROWSERS = {
  chrome: ['chrome', 'Chrome'],
  firefox: ['firefox', 'Firefox'],
  safari: ['safari', 'Safari'],
  ios_saf: ['safari_ios', 'iOS Safari'],
};

/** The oldest version of each browser in the browserslist: { mdnName: [version, label] }. */
const TARGETS = {};
for (const entry of browserslist(QUERY)) {
  const [name, range] = entry.split(' ');
  const [mdn, label] = BROWSERS[name] ?? [];
  if (!mdn) throw new Error(`stylelint.config.js: no MDN name for browserslist's ${name}`);
  const version = range.split('-')[0];
  if (!TARGETS[mdn] || compareVersions(version, TARGETS[mdn][0]) < 0) TARGETS[mdn] = [version, label];
}

function compareVersions(a, b) {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return 0;
}

/**
 * MDN entries the page uses although a supported kernel lacks them, each harmless (a path covers
 * its sub-features).
 */
const CSS_COMPAT_IGNORED = [
  // iOS has no pointer: `cursor` has nothing to show.
  'css.properties.cursor',
  // Colours a control; without it (Chrome 93, Safari 15.4) the browser's own colour shows.
  'css.properties.accent-color',
  // An optimisation (Safari 15.4); without it the layout is the same.
  'css.properties.contain',
  // Printing only; Safari before 18.2 prints A4 with its own page margins.
  'css.at-rules.page',
  // Safari 15.0 to 15.3 drops a rule that names :focus-visible and keeps its own focus ring:
  // nothing is lost as long as such a rule names nothing else (selector-disallowed-list below).
  'css.selectors.focus-visible',
  // The <dialog> backdrop, a rule of its own: Safari 15.0 to 15.3 has no <dialog>, and the
  // review's fallback panel (style.css, dialog.detail.no-dialog) draws its own.
  'css.selectors.backdrop',
];

/** doiuse's features the page uses harmlessly (as above), or reported as partial support only. */
const DOIUSE_IGNORED = [
  'css-focus-visible', 'css3-cursors', 'css-paged-media', 'css-containment',
  // Partial only: Safari 15 lacks `overflow: clip` and the two-value shorthand (both reported by
  // css-compat); the page uses hidden, auto and visible.
  'css-overflow',
  // Partial only: shapes from external SVG files; the page clips with inset().
  'css-clip-path', 'css-masks',
  // Partial only: Chrome 90 sticks th but not thead or tr; the page sticks a div.
  'css-sticky',
  // Partial only: break-* inside multi-column layouts; the page uses break-inside for printing.
  'multicolumn',
];

/** MDN's compat data at a path ('css.properties.x.y'), or undefined. */
const compatAt = (path) => path.split('.').reduce((node, key) => node?.[key], bcd)?.__compat;

/** Functions by name (color-mix → css.types.color.color-mix), from MDN's CSS types. */
const FUNCTIONS = new Map();
(function index(node, path) {
  for (const [key, child] of Object.entries(node)) {
    if (key === '__compat' || typeof child !== 'object') continue;
    if (child.__compat?.description?.includes(`${key}()`) && !FUNCTIONS.has(key)) FUNCTIONS.set(key, `${path}.${key}`);
    index(child, `${path}.${key}`);
  }
})(bcd.css.types, 'css.types');

/** The supported browsers that lack the feature at `path`, as "Safari 15 (from 15.4)", or []. */
function lacking(path) {
  const compat = compatAt(path);
  if (!compat) return [];
  const out = [];
  for (const [mdn, [version, label]] of Object.entries(TARGETS)) {
    // Unprefixed entries with a version ("≤4": by version 4 at the latest); partial support
    // counts as support, its notes being about details the page does not use.
    const entries = [compat.support[mdn] ?? []].flat()
      .filter((e) => !e.flags && !e.prefix && !e.alternative_name && /^≤?[\d.]+$/.test(e.version_added))
      .map((e) => ({ added: e.version_added.replace('≤', ''), removed: /^≤?[\d.]+$/.test(e.version_removed ?? '') ? e.version_removed.replace('≤', '') : null }));
    if (entries.some((e) => compareVersions(e.added, version) <= 0 && !(e.removed && compareVersions(e.removed, version) <= 0))) continue;
    const later = entries.find((e) => !e.removed);
    out.push(`${label} ${version}${later ? ` (from ${later.added})` : ''}`);
  }
  return out;
}

const ruleName = 'old-kernels/css-compat';
const messages = stylelint.utils.ruleMessages(ruleName, {
  missing: (what, browsers, path) => `${what} is missing in ${browsers} (MDN ${path})`,
});

const cssCompat = stylelint.createPlugin(ruleName, (enabled, { ignore = [] } = {}) => (root, result) => {
  if (!enabled) return;
  const check = (node, what, path, word) => {
    if (ignore.some((p) => path === p || path.startsWith(`${p}.`))) return;
    const browsers = lacking(path);
    if (browsers.length) {
      stylelint.utils.report({ ruleName, result, node, word, message: messages.missing(what, browsers.join(', '), path) });
    }
  };
  root.walkDecls((decl) => {
    const prop = decl.prop.toLowerCase();
    if (prop.startsWith('-')) return; // custom properties, vendor prefixes
    const atRule = decl.parent?.type === 'atrule' ? decl.parent.name.toLowerCase() : null;
    const base = atRule && compatAt(`css.at-rules.${atRule}`) ? `css.at-rules.${atRule}` : 'css.properties';
    const propPath = `${base}.${prop}`;
    check(decl, prop, propPath, decl.prop);
    // A value is fine where an earlier declaration of the property in the rule is the fallback
    // (`content: "▲"; content: "▲" / "";`): a browser drops the value it cannot read.
    for (let prev = decl.prev(); prev; prev = prev.prev()) {
      if (prev.type === 'decl' && prev.prop.toLowerCase() === prop) return;
    }
    const parsed = valueParser(decl.value);
    parsed.walk((n) => {
      const value = n.value.toLowerCase();
      if (n.type === 'word' && compatAt(`${propPath}.${value}`)) check(decl, `${prop}: ${n.value}`, `${propPath}.${value}`, n.value);
      if (n.type === 'function' && FUNCTIONS.has(value)) check(decl, `${n.value}()`, FUNCTIONS.get(value), n.value);
    });
    // Alternative text for generated content: `content: "▲" / ""`.
    if (prop === 'content' && parsed.nodes.some((n) => n.type === 'div' && n.value === '/')) {
      check(decl, 'content with alternative text ("…" / "…")', 'css.properties.content.alt_text', '/');
    }
  });
  root.walkAtRules((atRule) => check(atRule, `@${atRule.name}`, `css.at-rules.${atRule.name.toLowerCase()}`, `@${atRule.name}`));
  root.walkRules((rule) => {
    if (rule.parent?.type === 'rule') check(rule, 'CSS nesting', 'css.selectors.nesting', rule.selector);
    selectorParser((selectors) => {
      selectors.walk((n) => {
        if (n.type === 'nesting') check(rule, 'the nesting selector &', 'css.selectors.nesting', '&');
        if (n.type === 'pseudo') check(rule, n.value, `css.selectors.${n.value.replace(/^::?/, '').toLowerCase()}`, n.value);
      });
    }).processSync(rule.selector);
  });
});

export default {
  plugins: ['stylelint-no-unsupported-browser-features', cssCompat],
  rules: {
    'plugin/no-unsupported-browser-features': [true, { browsers: QUERY, ignore: DOIUSE_IGNORED }],
    'old-kernels/css-compat': [true, { ignore: CSS_COMPAT_IGNORED }],
    // A rule that names :focus-visible must name nothing else (see CSS_COMPAT_IGNORED).
    'selector-disallowed-list': [
      [/^(?=[^{]*:focus-visible)(?:[^,]*,)*(?:(?!:focus-visible)[^,])+(?:,|$)/],
      { message: 'Safari 15.0–15.3 drops a rule naming :focus-visible as a whole: give :focus-visible a rule of its own' },
    ],
  },
};
