// Compiled with `tsc --noEmit --strict` by scripts/test: the generated .d.ts must be valid
// TypeScript and precise enough to catch misuse (the @ts-expect-error lines must be errors).
import { checkProposal, ruleBook, setRules, type Verdict, type Finding, type RuleBook, type ProposalInput } from '../../pkg/workrelief';

const proposal: ProposalInput = { kind: 'central_budget', funds: { central: 5000000, other: '300万' }, labourRemuneration: '1,500,000.00' };
const verdict: Verdict = checkProposal(proposal, { asOf: '2025-06-30' });
const status: 'pass' | 'fail' | 'review' | 'invalid' = verdict.status;
const first: Finding | undefined = verdict.findings[0];
const shortfall: string | undefined = first?.shortfall;
const quote: string | undefined = first?.citation.quote;
const book: RuleBook = ruleBook();
const floor: string | undefined = book.rules[0]?.params?.floor;
setRules(JSON.stringify(book));

// @ts-expect-error kind is required
checkProposal({ labourRemuneration: 1 });
// @ts-expect-error amounts are numbers or strings
checkProposal({ kind: 'central_budget', labourRemuneration: true });
// @ts-expect-error the rule book is JSON text
setRules(book);
// @ts-expect-error status is a closed set
const wrong: Verdict['status'] = 'ok';

export { status, shortfall, quote, floor, wrong };
