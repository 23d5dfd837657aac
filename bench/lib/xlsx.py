"""Writes the benchmark plan as XLSX with openpyxl (write_only): reads the UTF-8 CSV, writes
numbers as numeric cells (序号 as integers, amounts as floats) and everything else as text.

    python3 bench/lib/xlsx.py plan.csv plan.xlsx
"""
import csv
import sys

from openpyxl import Workbook


def cell(column, value):
    if value == "":
        return None
    if column == 0:
        try:
            return int(value)
        except ValueError:
            return value
    if 4 <= column <= 9:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def main(src, dst):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("计划")
    with open(src, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        ws.append(next(reader))
        for row in reader:
            ws.append([cell(i, v) for i, v in enumerate(row)])
    wb.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
