"""The floor for `ita-xl convert`: read the same input with openpyxl and write as many plain cells
with xlsxwriter, nothing else. `run.py` times it as a whole process beside the real command.

    python benchmarks/floor.py INPUT OUTPUT CELLS
"""
import sys

import openpyxl
import xlsxwriter


def main(source: str, output: str, cells: int) -> None:
    book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    values = [v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row]
    out = xlsxwriter.Workbook(output)
    sheet = out.add_worksheet()
    for n in range(cells):
        sheet.write(n // 10, n % 10, values[n % len(values)] if values[n % len(values)] is not None else n)
    out.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
