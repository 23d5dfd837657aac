// The same floor rules in the two peer engines, written as a user of each would write them:
// amounts are JS numbers (binary floats), floors are the literals 0.3 / 0.2 / 0.1.
//
// `form` is 'product' (labour >= base * rate, the natural reading of "不低于 base 的 30%") or
// 'ratio' (labour / base >= rate, "占比达 30%"). The product form is the one timed.
import { Engine } from 'json-rules-engine';
import { ZenEngine } from '@gorules/zen-engine';
import { FLOORS } from './proposals.mjs';

/** Which floor rule applies to the facts (the same for every engine): a FLOORS entry or null. */
export function floorFor(facts) {
  const floor = FLOORS[facts.kind];
  if (!floor || (floor.province && facts.province !== floor.province)) return null;
  return floor;
}

/** json-rules-engine: facts, a computed fact for the floor (or the share), one rule per floor;
 * `engine.run(facts)` per proposal; the floor is met when the rule's event fires. */
export function jsonRulesEngine(form = 'product') {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addFact('publicBase', async (params, almanac) => {
    let sum = 0;
    for (const k of params.funds) sum += (await almanac.factValue(k)) ?? 0;
    return sum;
  });
  engine.addFact('floorAmount', async (params, almanac) => (await almanac.factValue('publicBase', { funds: params.funds })) * params.rate);
  engine.addFact('labourShare', async (params, almanac) => (await almanac.factValue('labour')) / (await almanac.factValue('publicBase', { funds: params.funds })));
  for (const [kind, floor] of Object.entries(FLOORS)) {
    const all = [{ fact: 'kind', operator: 'equal', value: kind }];
    if (floor.province) all.push({ fact: 'province', operator: 'equal', value: floor.province });
    all.push(form === 'product'
      ? { fact: 'labour', operator: 'greaterThanInclusive', value: { fact: 'floorAmount', params: { funds: floor.base, rate: floor.rate } } }
      : { fact: 'labourShare', params: { funds: floor.base }, operator: 'greaterThanInclusive', value: floor.rate });
    engine.addRule({ name: floor.rule, conditions: { all }, event: { type: 'floor_met', params: { rule: floor.rule } } });
  }
  return {
    name: `json-rules-engine${form === 'ratio' ? ' (ratio form)' : ''}`,
    async verdict(facts) {
      const { events } = await engine.run(facts);
      const floor = floorFor(facts);
      if (!floor) return null;
      return events.some((e) => e.params.rule === floor.rule) ? 'pass' : 'fail';
    },
    close() {},
  };
}

/** The ZEN decision graph: input → decision table (hit policy first; kind and province in,
 * rule and met out, met an expression) → output. */
export function zenContent(form = 'product') {
  const expr = (floor) => {
    const base = floor.base.length > 1 ? `(${floor.base.join(' + ')})` : floor.base[0];
    return form === 'product' ? `labour >= ${base} * ${floor.rate}` : `labour / ${base} >= ${floor.rate}`;
  };
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'request', type: 'inputNode', name: 'request', position: { x: 0, y: 0 }, content: {} },
      {
        id: 'floors', type: 'decisionTableNode', name: 'floors', position: { x: 250, y: 0 },
        content: {
          hitPolicy: 'first',
          inputs: [{ id: 'kind', name: '项目类型', field: 'kind' }, { id: 'province', name: '省份', field: 'province' }],
          outputs: [{ id: 'rule', name: '规则', field: 'rule' }, { id: 'met', name: '达标', field: 'met' }],
          rules: Object.entries(FLOORS).map(([kind, floor]) => ({
            _id: floor.rule,
            kind: JSON.stringify(kind),
            province: floor.province ? JSON.stringify(floor.province) : '',
            rule: JSON.stringify(floor.rule),
            met: expr(floor),
          })),
        },
      },
      { id: 'response', type: 'outputNode', name: 'response', position: { x: 500, y: 0 }, content: {} },
    ],
    edges: [
      { id: 'e1', sourceId: 'request', targetId: 'floors', type: 'edge' },
      { id: 'e2', sourceId: 'floors', targetId: 'response', type: 'edge' },
    ],
  };
}

/** @gorules/zen-engine: `engine.createDecision(content)` once, `await decision.evaluate(facts)`
 * per proposal. */
export function zen(form = 'product') {
  const engine = new ZenEngine();
  const decision = engine.createDecision(zenContent(form));
  return {
    name: `@gorules/zen-engine${form === 'ratio' ? ' (ratio form)' : ''}`,
    async verdict(facts) {
      let result;
      try {
        ({ result } = await decision.evaluate(facts));
      } catch (e) {
        return `error: ${String(e?.message ?? e).split('\n')[0]}`;
      }
      if (result.met === undefined || result.met === null) return null;
      return result.met ? 'pass' : 'fail';
    },
    close() { engine.dispose(); },
  };
}
