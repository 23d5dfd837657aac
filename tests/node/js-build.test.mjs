// The JavaScript build (pkg/js/: the page's fallback where WebAssembly cannot run, as in
// Chromium 90 under the strict CSP) needs no eval and no `new Function`, so that the CSP holds
// in every kernel: the three modules are loaded and used in a Node whose code generation from strings
// is switched off, as a CSP without 'unsafe-eval' switches it off in a browser. (The case files
// run on this build in the other tests, flavour `js`.) And the page never asks for it up front.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const script = `
  const core = await import('./pkg/js/workrelief.js');
  const plans = await import('./pkg/js/workrelief_plans.js');
  const xls = await import('./pkg/js/workrelief_xls.js');
  const { readFileSync } = await import('node:fs');
  let evalRefused = false;
  try { (0, eval)('1'); } catch { evalRefused = true; }
  const v = core.checkProposal({ kind: 'central_budget', funds: { central: 5000000 }, labourRemuneration: 1499999.99 }, { asOf: '2025-06-30' });
  const csv = '项目名称,项目类型,中央资金（元）,劳务报酬（元）\\n甲,以工代赈中央预算内投资项目,100,30\\n乙,以工代赈中央预算内投资项目,100,29.99\\n';
  const report = plans.checkPlans(new TextEncoder().encode(csv), 'plan.csv', { asOf: '2025-06-30' });
  const xlsReport = xls.checkPlans(readFileSync('tests/fixtures/plans/plan.xls'), 'plan.xls');
  console.log(JSON.stringify({ evalRefused, status: v.status, shortfall: v.findings[0].shortfall, summary: report.summary, xls: xlsReport.summary }));
`;

describe('the JavaScript build', () => {
  test('runs with code generation from strings switched off (no eval, no new Function)', () => {
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], {
      cwd: new URL('../../', import.meta.url), encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.equal(out.evalRefused, true, 'the switch is on: eval itself is refused');
    assert.equal(out.status, 'fail');
    assert.equal(out.shortfall, '0.01');
    assert.deepEqual(out.summary, { pass: 1, fail: 1, review: 0, invalid: 0, total: 2 });
    assert.deepEqual(out.xls, { pass: 5, fail: 3, review: 2, invalid: 1, total: 11 }, 'the .xls module reads plan.xls');
  });

  test('is never preloaded or imported up front: only load-build.js names it', () => {
    const html = readFileSync(new URL('../../www/index.html', import.meta.url), 'utf8');
    assert.doesNotMatch(html.replace(/<!--[\s\S]*?-->/g, ''), /pkg\/js\//);
    const loader = readFileSync(new URL('../../www/load-build.js', import.meta.url), 'utf8');
    assert.match(loader, /import\(`\.\/pkg\/js\/\$\{name\}\.js`\)/);
  });
});
