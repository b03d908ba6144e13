#!/usr/bin/env bash
# Render the pictures of the README from the sample, as `ita-xl convert --pdf --docx` writes it:
#   docs/memo-page-1.png     the posted PDF's first page (the Word memo typeset by LibreOffice Writer)
#   docs/memo-measures.png   the posted PDF's page where the measures table begins
#   docs/docx-page-2.png     the Word memo itself, as LibreOffice Writer shows its second page
# Needs ita-xl on PATH, soffice with Writer, pdftoppm and pdftotext.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ita-xl convert samples/saithong-2565.xlsx -o "$work/report.xlsx" --pdf --docx >/dev/null 2>&1
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work/docx" \
  "$work/report.docx" >/dev/null 2>&1
measures=$(python3 - "$work/report.pdf" <<'PY'
import subprocess, sys, unicodedata
def letters(text): return "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Zs", "Cc"))
pages = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout.split("\f")
print(next(n for n, page in enumerate(pages, 1) if letters("ขั้นตอนหรือ") in letters(page)))
PY
)
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/report.pdf" docs/memo-page-1
pdftoppm -png -r 80 -f "$measures" -l "$measures" -singlefile "$work/report.pdf" docs/memo-measures
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$work/docx/report.pdf" docs/docx-page-2
echo docs/memo-page-1.png docs/memo-measures.png docs/docx-page-2.png
