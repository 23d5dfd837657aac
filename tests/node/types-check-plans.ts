// Compiled with `tsc --noEmit --strict` by scripts/test: the plan module's generated .d.ts.
import { checkPlans, PlanChecker, type PlanReport, type RowReport, type Verdict } from '../../pkg/workrelief_plans';

const bytes = new Uint8Array([0x61]);
const report: PlanReport = checkPlans(bytes, 'plan.csv', { asOf: '2025-06-30', unit: '万元', sheet: '项目计划' });
const total: number = report.summary.total;
const row: RowReport | undefined = report.rows[0];
const shortfall: string | undefined = row?.shortfall;
const column: string | undefined = report.errors[0]?.column;
const headerRows: number[] | undefined = report.headerRows;
const unitLine: { row: number; unit: string; text: string } | undefined = report.unitLine;
const otherSheets: string[] | undefined = report.otherSheets;
const note: string | undefined = row?.note;
const checker = new PlanChecker(bytes, 'plan.xlsx', null);
const done: boolean = checker.step(1000);
const verdict: Verdict | undefined = checker.verdict(0);
const csv: string = checker.csv();
const page: RowReport[] = checker.rows(new Uint32Array([0]));
const failing: Uint32Array = checker.order('notpass', 'row', false);
checker.free();
const fromBuffer: PlanReport = checkPlans(new ArrayBuffer(1), 'plan.csv');

// @ts-expect-error bytes are required
checkPlans();
// @ts-expect-error maxBytes is a number
checkPlans(bytes, 'x.csv', { maxBytes: '1' });
// @ts-expect-error bytes are binary, not text
checkPlans('项目名称', 'plan.csv');
// @ts-expect-error the file name is a string
checkPlans(bytes, 5);
// @ts-expect-error a row status is a closed set
const wrong: RowReport['status'] = 'ok';

export { total, shortfall, column, headerRows, unitLine, otherSheets, note, done, verdict, csv, page, failing, fromBuffer, wrong };
