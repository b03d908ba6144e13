#!/usr/bin/env bash
# Render the first page of the sample's memo as a Word document (ita_xl.docx_memo.write_docx) to
# docs/docx-page-1.png, the way a user's LibreOffice prints it. Needs ita_xl with python-docx and
# matplotlib (set PYTHON to the interpreter that has them), soffice with Writer, and pdftoppm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"${PYTHON:-python3}" -c '
import sys
from ita_xl import analyse, load
from ita_xl.docx_memo import write_docx
write_docx(analyse(load("samples/saithong-2565.xlsx")), sys.argv[1])
' "$work/memo.docx"
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work" \
  "$work/memo.docx" >/dev/null 2>&1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/memo.pdf" docs/docx-page-1
echo docs/docx-page-1.png
