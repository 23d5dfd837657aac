#!/usr/bin/env python3
"""Generates the plan templates the 计划审核 view offers for download, deterministically:

    pip install openpyxl            # (--break-system-packages on Debian's Python)
    python3 www/templates/make_templates.py

plan-template.csv   UTF-8 with BOM (so that Excel reads it), CRLF line ends
plan-template.xlsx  written by openpyxl, with fixed timestamps so that it is reproducible

Both hold the header row the importer recognises and two example rows that check cleanly
(tests/browser/review.test.mjs uploads both and expects no error).
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


def write_csv():
    def line(cells):
        return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\r\n') else c
                        for c in cells)

    text = "\r\n".join(line(r) for r in [HEADERS] + EXAMPLES) + "\r\n"
    (HERE / "plan-template.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


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
