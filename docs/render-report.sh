#!/usr/bin/env bash
# Render the first page of the sample's memo, as the two files `ita-xl convert --pdf --docx` writes, to
#   docs/report-page-1.png  the PDF of the memo (LibreOffice Calc prints sheet รายงาน, as --pdf does)
#   docs/docx-page-1.png    the Word memo as LibreOffice Writer prints it
# Needs ita-xl (with python-docx and matplotlib) on PATH, soffice with Calc and Writer, and pdftoppm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ita-xl convert samples/saithong-2565.xlsx -o "$work/report.xlsx" --pdf --docx >/dev/null
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work/docx" \
  "$work/report.docx" >/dev/null 2>&1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/report.pdf" docs/report-page-1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/docx/report.pdf" docs/docx-page-1
echo docs/report-page-1.png docs/docx-page-1.png
