#!/usr/bin/env bash
# Render the first page of the sample's memo (sheet รายงาน) to docs/report-page-1.png,
# the way a user's LibreOffice prints it. Needs ita-xl, soffice and pdftoppm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ita-xl convert samples/saithong-2565.xlsx -o "$work/report.xlsx" >/dev/null
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work" \
  "$work/report.xlsx" >/dev/null 2>&1
# page 1 is the one-page summary; the memo starts on page 2
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$work/report.pdf" docs/report-page-1
echo docs/report-page-1.png
