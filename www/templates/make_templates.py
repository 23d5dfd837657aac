#!/usr/bin/env python3
"""Generates the templates the page offers for download, deterministically:

    pip install openpyxl            # (--break-system-packages on Debian's Python)
    python3 www/templates/make_templates.py

plan-template.csv     计划审核: UTF-8 with BOM (so that Excel reads it), CRLF line ends
plan-template.xlsx    written by openpyxl, with fixed timestamps so that it is reproducible
roster-template.csv   车间核查: the same, for a workshop's roster of people
roster-template.xlsx  ID numbers as text cells (an ID typed as a number loses its last digits)

Each holds the header row the importer recognises and two example rows that check cleanly
(tests/browser/review.test.mjs and benefits.test.mjs upload them and expect no error). The
roster's ID numbers are synthetic, with a correct ISO 7064 MOD 11-2 check character.
"""

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2025, 7, 1, 0, 0, 0)

HEADERS = [
    "序号", "项目名称", "所在省份", "项目类型",
    "中央资金（万元）", "省级资金（万元）", "市级资金（万元）", "县级资金（万元）", "其他资金（万元）",
    "劳务报酬（万元）", "核算日期",
]
KINDS = [
    "以工代赈中央预算内投资项目",
    "中央财政衔接资金以工代赈任务",
    "省级财政衔接资金以工代赈任务",
    "农业农村基础设施建设领域推广以工代赈方式的项目",
    "政府投资重点工程项目",
]
# Two examples that pass: 160 / 500 = 32% of central funds (floor 30%); 25 / (100 + 50 + 20 + 30)
# = 12.5% of the fiscal funds (floor 10%; 其他资金 is not part of the base).
EXAMPLES = [
    ["1", "示例：某县某村组道路硬化工程", "甘肃省", KINDS[0],
     "500", "", "", "20", "", "160", "2025-06-30"],
    ["2", "示例：某县田间道路与灌溉渠系配套建设", "甘肃省", KINDS[3],
     "100", "50", "20", "30", "80", "25", "2025-06-30"],
]
NOTES = [
    "填表说明",
    "1. 每行一个项目；第一行为表头，请勿修改表头文字。示例行可直接覆盖或删除。",
    "2. 金额单位为万元，填写阿拉伯数字，最多六位小数（即精确到分）；没有的资金来源留空。",
    "3. 项目类型请从下拉列表中选择，或按政策文件的名称填写：" + "、".join(KINDS) + "。",
    "4. 所在省份填写全称或简称，如“甘肃省”或“甘肃”。",
    "5. 核算日期为劳务报酬核算的日期，格式如 2025-06-30；审核时也可统一指定核算日期。",
    "6. “合计”行会被自动跳过，不作为项目检查。",
    "7. 本模板由 workrelief 生成；检查在浏览器本地完成，文件不会上传。",
]


ROSTER_HEADERS = ["身份证号", "姓名", "人员类别", "合同期限（月）", "务工月数", "年收入（元）", "已享受一次性吸纳补贴"]
GROUPS = ["脱贫人口", "防止返贫监测对象", "易地搬迁人口", "农村低收入人口", "其他"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def with_check(first17):
    """GB 11643-1999: the ISO 7064 MOD 11-2 check character appended."""
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


# Two synthetic people (address 620102, born 1990-01-01, sequence 10x) who meet Jilin's
# recognition criteria and Gansu's six-month rule alike.
ROSTER_EXAMPLES = [
    [with_check("62010219900101101"), "示例甲", "脱贫人口", "12", "10", "24000", "否"],
    [with_check("62010219900101102"), "示例乙", "防止返贫监测对象", "6", "6", "9000", "否"],
]
ROSTER_NOTES = [
    "填表说明",
    "1. 每行一名人员；第一行为表头，请勿修改表头文字。示例行中的身份证号是虚构的，请覆盖或删除。",
    "2. 身份证号填写 18 位，末位可为 X；请保持“文本”格式，以数字形式填写会丢失末几位。",
    "3. 人员类别请从下拉列表中选择：" + "、".join(GROUPS) + "。",
    "4. 合同期限和务工月数填写月数，可带小数；年收入单位为元，填写阿拉伯数字。",
    "5. 已享受一次性吸纳补贴填写“是”或“否”。",
    "6. 核查在浏览器本地完成，文件不会上传；结果中的身份证号均已脱敏。本模板由 workrelief 生成。",
]


def csv_line(cells):
    return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\r\n') else c
                    for c in cells)


def write_csv():
    text = "\r\n".join(csv_line(r) for r in [HEADERS] + EXAMPLES) + "\r\n"
    (HERE / "plan-template.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def write_roster_csv():
    text = "\r\n".join(csv_line(r) for r in [ROSTER_HEADERS] + ROSTER_EXAMPLES) + "\r\n"
    (HERE / "roster-template.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def write_roster_xlsx():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员名单"
    ws.append(ROSTER_HEADERS)
    header_fill = PatternFill("solid", fgColor="DCE6F5")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in ROSTER_EXAMPLES:
        ws.append([r[0], r[1], r[2], float(r[3]), float(r[4]), float(r[5]), r[6]])
        row = ws.max_row
        ws.cell(row=row, column=1).number_format = "@"
        for col in (4, 5):
            ws.cell(row=row, column=col).number_format = "0.##"
        ws.cell(row=row, column=6).number_format = "0.00"
    # The whole ID column is text (a column style), so that IDs typed later stay text too.
    ws.column_dimensions["A"].number_format = "@"
    for col, width in zip("ABCDEFG", [24, 10, 18, 14, 10, 14, 20]):
        ws.column_dimensions[col].width = width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"

    groups = DataValidation(type="list", formula1='"' + ",".join(GROUPS) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="人员类别",
                            error="请从列表中选择人员类别。")
    groups.add("C2:C5000")
    ws.add_data_validation(groups)
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True,
                            showErrorMessage=True, errorTitle="已享受一次性吸纳补贴",
                            error="请填写“是”或“否”。")
    yes_no.add("G2:G5000")
    ws.add_data_validation(yes_no)

    notes = wb.create_sheet("填表说明")
    for line in ROSTER_NOTES:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110

    wb.properties.creator = "workrelief"
    wb.properties.title = "就业帮扶车间人员名单模板"
    wb.properties.created = datetime.datetime(2025, 7, 1)
    wb.properties.modified = datetime.datetime(2025, 7, 1)
    buf = io.BytesIO()
    wb.save(buf)
    (HERE / "roster-template.xlsx").write_bytes(normalised_zip(buf.getvalue()))


def normalised_zip(data):
    """Rewrites an archive with fixed timestamps and document dates, so that it is reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2025-07-01T00:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body, compresslevel=9)
    return out.getvalue()


def write_xlsx():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目计划"
    ws.append(HEADERS)
    header_fill = PatternFill("solid", fgColor="DCE6F5")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in EXAMPLES:
        ws.append(
            [int(r[0]), r[1], r[2], r[3]]
            # Amounts as numbers, as people type them into Excel (binary doubles).
            + [float(Decimal(v)) if v else None for v in r[4:10]]
            + [datetime.date.fromisoformat(r[10])]
        )
        row = ws.max_row
        for col in range(5, 11):
            ws.cell(row=row, column=col).number_format = "0.00####"
        ws.cell(row=row, column=11).number_format = "yyyy-mm-dd"
    for col, width in zip("ABCDEFGHIJK", [6, 36, 10, 44, 12, 12, 12, 12, 12, 12, 12]):
        ws.column_dimensions[col].width = width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"

    kinds = DataValidation(type="list", formula1='"' + ",".join(KINDS) + '"', allow_blank=True,
                           showErrorMessage=True, errorTitle="项目类型",
                           error="请从列表中选择项目类型。")
    kinds.add("D2:D5000")
    ws.add_data_validation(kinds)

    notes = wb.create_sheet("填表说明")
    for line in NOTES:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110

    wb.properties.creator = "workrelief"
    wb.properties.title = "以工代赈项目计划模板"
    wb.properties.created = datetime.datetime(2025, 7, 1)
    wb.properties.modified = datetime.datetime(2025, 7, 1)
    buf = io.BytesIO()
    wb.save(buf)
    (HERE / "plan-template.xlsx").write_bytes(normalised_zip(buf.getvalue()))


if __name__ == "__main__":
    write_csv()
    write_xlsx()
    write_roster_csv()
    write_roster_xlsx()
