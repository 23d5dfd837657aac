#!/usr/bin/env python3
"""Writes the hand-made seed inputs of the fuzz targets into fuzz/seeds/<target>/.

Small, realistic plan files: CSV in UTF-8 (with and without BOM), GBK and UTF-16 with 万元
headers, title rows, full-width digits and summary rows; JSON proposals; XLSX workbooks written
by hand (stored entries, so that mutations reach the XML) and one by openpyxl when it is
installed; and two hostile archives (declared sizes that lie, and a small zip bomb).
The seeds are committed; run this again only to change them.
"""

import io
import json
import os
import struct
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")


def write(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- CSV

HEADER = "序号,项目名称,所在省份,项目类型,中央资金（万元）,省级资金（万元）,其他资金（万元）,劳务报酬（万元）,核算日期"
ROWS = [
    "1,某村道路硬化,甘肃省,以工代赈中央预算内投资项目,500,50,100,150,2025-06-30",
    "2,小型水利设施,甘肃省,中央财政衔接资金以工代赈任务,200,,,39.99,2025-03-01",
    "3,农田整治,62,省级财政衔接资金以工代赈任务,,120,,24,2024-12-31",
    "4,重点工程,甘肃省,政府投资重点工程项目,1000,,,80,",
    ",合计,,,1700,170,100,293.99,",
]

write("csv", "utf8_wan.csv", "\r\n".join([
    "2025年以工代赈项目计划表,,,,,,,,",
    "填报单位：某县发展改革局,,,,,,,,",
    "",
    HEADER,
] + ROWS) + "\r\n")

write("csv", "utf8_bom_fullwidth.csv", "\ufeff" + "\n".join([
    "项目名称,项目类型,中央资金,劳务报酬（元）,务工人数,其中脱贫人口",
    "某村道路,以工代赈中央预算内投资项目,５００万元,\"１，５００，０００．００\",４０,１２",
    "某桥,central_budget,\"1,600,000.00元\",480000,10,3",
    "错误行,以工代赈中央预算内投资项目,-5,一百万,x,",
    "科学计数,农业农村基础设施建设领域推广以工代赈方式的项目,1e5,0.001,,",
]) + "\n")

write("csv", "gbk_title.csv", "\r\n".join([
    "附件1：2025年中央预算内以工代赈项目计划,,,,",
    "单位：万元,,,,",
    "序号,项目名称,项目类型,中央预算内投资,劳务报酬总额",
    "1,村组道路,以工代赈中央预算内投资项目,300,90.5",
    "2,灌溉渠,以工代赈中央预算内投资项目,120.25,36.075",
    "合计,,,420.25,126.575",
]).encode("gbk") + b"\r\n")

write("csv", "utf16_tabs.csv", b"\xff\xfe" + "\r\n".join([
    "项目名称\t项目类型\t中央资金/万元\t劳务报酬/万元\t日期",
    "道路\t以工代赈中央预算内投资项目\t100\t30\t45838",
    "水渠\t中央财政衔接资金以工代赈任务\t80\t15.99\t2025/6/30",
]).encode("utf-16-le") + "\r\n".encode("utf-16-le"))

write("csv", "semicolon_quoted.csv", "\n".join([
    "项目名称;劳务报酬;中央资金;县级资金;市级资金",
    "\"多行\n名称\";\"1.234,5\";\"2,000,000\";10;",
    "\"引号\"\"内\"\"\";  ;;;",
    ";;;;",
    "孤立行",
]) + "\n")

write("csv", "duplicate_columns.csv", "\n".join([
    "* 项目名称,劳务报酬(元),劳务报酬金额,中央资金【万元】,省（区、市）,备注,单位",
    "a,100,200,1,宁夏,x,万元",
    "b,100.001,,0,新疆维吾尔自治区,,元",
]) + "\n")

write("csv", "tiny.csv", "劳务报酬,项目名称\n1,a\n")

# ---------------------------------------------------------------- JSON

EXAMPLE = {
    "name": "某村道路硬化", "province": "甘肃省", "kind": "以工代赈中央预算内投资项目",
    "unit": "元",
    "funds": {"central": 5000000, "provincial": "50万", "other": "1,000,000.00"},
    "labourRemuneration": 1499999.99,
    "workers": {"total": 40, "povertyAlleviated": 12},
    "date": "2025-06-30",
}
write("json", "one.json", json.dumps(EXAMPLE, ensure_ascii=False, indent=1))
write("json", "array.json", json.dumps([
    EXAMPLE,
    {"kind": "central_linkage", "unit": "万元", "funds": {"central": "２００"},
     "labourRemuneration": "３９．９９", "date": "2025/03/01"},
    {"kind": "农业农村基础设施建设领域推广以工代赈方式的项目", "province": "62",
     "funds": {"central": 1, "provincial": 2, "municipal": 3, "county": 4, "other": 5},
     "labourRemuneration": 1},
    {"kind": "key_project", "labourRemuneration": 0},
    {"kind": "x", "funds": {"central": -1, "bogus": "BIG"}, "labourRemuneration": "1e5",
     "workers": {"total": 1.5}, "date": "2025-02-30", "extra": [None, True]},
    None, 12, "text", [],
], ensure_ascii=False).replace('"BIG"', "1e300"))
write("json", "proposals.json", json.dumps({"proposals": [
    {"name": "渠", "kind": "provincial_linkage", "province": "甘肃",
     "funds": {"provincial": "1,000,000.005"}, "labourRemuneration": 200000},
]}, ensure_ascii=False))
write("json", "utf16.json", b"\xff\xfe" + json.dumps(
    {"kind": "central_budget", "funds": {"central": "500万"},
     "labourRemuneration": 1500000}, ensure_ascii=False).encode("utf-16-le"))
write("json", "gbk.json", json.dumps(
    [{"name": "道路", "kind": "以工代赈中央预算内投资项目", "funds": {"central": "160万元"},
      "labourRemuneration": "48万"}], ensure_ascii=False).encode("gbk"))
write("json", "bad.json", '{"proposals": 5, "a": [1, 2,')

# ---------------------------------------------------------------- XLSX

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
{extra}</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook(sheets):
    entries = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(sheets))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}><sheets>{entries}</sheets></workbook>'


def workbook_rels(n, shared=False, styles=False):
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(n))
    if shared:
        rels += '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    if styles:
        rels += '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def inline_sheet(rows, first_row=1, first_col=0, dimension=None):
    """rows: lists of str (inline string), int/float (number), bool, ('e', '#DIV/0!'),
    ('d', serial, style) or None."""
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col(first_col + c)}{first_row + r}"
            if v is None:
                continue
            if isinstance(v, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif isinstance(v, tuple) and v[0] == "e":
                cells.append(f'<c r="{ref}" t="e"><v>{v[1]}</v></c>')
            elif isinstance(v, tuple) and v[0] == "d":
                cells.append(f'<c r="{ref}" s="{v[2]}"><v>{v[1]}</v></c>')
            elif isinstance(v, tuple) and v[0] == "s":
                cells.append(f'<c r="{ref}" t="s"><v>{v[1]}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        out.append(f'<row r="{first_row + r}">{"".join(cells)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>{dim}<sheetData>{"".join(out)}</sheetData></worksheet>'


def xlsx(sheets, shared=None, styles=None, method=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    extra = ""
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=extra))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", workbook([n for n, _ in sheets]))
        z.writestr("xl/_rels/workbook.xml.rels",
                   workbook_rels(len(sheets), shared is not None, styles is not None))
        for i, (_, xml) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            z.writestr("xl/sharedStrings.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>')
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
    return buf.getvalue()


STYLES = f'''<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'''

write("xlsx", "inline.xlsx", xlsx([("计划表", inline_sheet([
    ["2025年以工代赈项目计划表"],
    [],
    ["序号", "项目名称", "项目类型", "中央资金（万元）", "劳务报酬（万元）"],
    [1, "道路", "以工代赈中央预算内投资项目", 500, 150],
    [2, "水渠", "以工代赈中央预算内投资项目", 149.99, 44.997],
    [None, "合计", None, 649.99, 194.997],
]))]))

shared = ["项目名称", "项目类型", "中央资金", "劳务报酬", "核算日期", "务工人数", "桥梁",
          "中央财政衔接资金以工代赈任务"]
write("xlsx", "shared_styles.xlsx", xlsx([("Sheet1", inline_sheet([
    [("s", 0), ("s", 1), ("s", 2), ("s", 3), ("s", 4), ("s", 5)],
    [("s", 6), ("s", 7), 1000000, 200000.0000001, ("d", 45838, 1), 12],
    ["坏值", ("s", 7), ("e", "#DIV/0!"), True, ("d", 45838.5, 2), -3],
    ["浮点", ("s", 7), 0.30000000000000004, 1e21, ("d", 2958466, 1), 1.5],
]))], shared=shared, styles=STYLES))

write("xlsx", "offset_two_sheets.xlsx", xlsx([
    ("空表", inline_sheet([])),
    ("数据", inline_sheet([
        ["项目名称", "劳务报酬(元)", "中央资金(元)", "项目类型"],
        ["偏移", 300000, 1000000, "central_budget"],
    ], first_row=5, first_col=2, dimension="C5:F6")),
]))

write("xlsx", "deflated.xlsx", xlsx([("S", inline_sheet([
    ["项目名称", "劳务报酬", "省级资金", "项目类型", "所在省份"],
    ["省级", "20万", "100万", "省级财政衔接资金以工代赈任务", "甘肃省"],
]))], method=zipfile.ZIP_DEFLATED))

# An archive whose headers declare entries of almost 4 GB (the real ones are tiny).
lying = bytearray(xlsx([("S", inline_sheet([["项目名称", "劳务报酬"], ["a", 1]]))]))
pos = 0
while True:
    pos = lying.find(b"PK\x03\x04", pos)
    if pos < 0:
        break
    struct.pack_into("<I", lying, pos + 22, 0xFFFFFFF0)
    pos += 4
pos = 0
while True:
    pos = lying.find(b"PK\x01\x02", pos)
    if pos < 0:
        break
    struct.pack_into("<I", lying, pos + 24, 0xFFFFFFF0)
    pos += 4
write("xlsx", "declared_huge.xlsx", bytes(lying))

# A small zip bomb: one entry of 24 MB of spaces, deflated to about 24 kB (ratio > 200).
bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", workbook(["S"]))
    z.writestr("xl/worksheets/sheet1.xml", b" " * (24 * 1024 * 1024))
write("xlsx", "bomb.xlsx", bomb.getvalue())

try:
    import openpyxl
    from datetime import date

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目计划"
    ws.append(["附件：以工代赈项目计划表"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "项目名称", "项目类型", "中央资金（万元）", "劳务报酬（万元）", "核算日期"])
    ws.append([1, "道路", "以工代赈中央预算内投资项目", 500, 149.99, date(2025, 6, 30)])
    ws.append([2, "桥", "中央财政衔接资金以工代赈任务", "２００", "=E3/2", date(2024, 1, 1)])
    out = io.BytesIO()
    wb.save(out)
    write("xlsx", "openpyxl.xlsx", out.getvalue())
except ImportError:
    print("openpyxl is not installed: openpyxl.xlsx not written")

for target in sorted(os.listdir(ROOT)):
    files = os.listdir(os.path.join(ROOT, target))
    size = sum(os.path.getsize(os.path.join(ROOT, target, f)) for f in files)
    print(f"{target}: {len(files)} seeds, {size} bytes")
