"""Screenshots of ``ita-xl serve`` for the README: the home page and the sample's result page.

    python docs/render-serve.py        # writes docs/serve-home.png and docs/serve-result.png

Starts ``ita-xl serve`` on a free port, drives Debian's chromium (headless, through Playwright) as a
clerk would: opens the page, chooses the sample, presses the button, waits for the result.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "saithong-2565.xlsx"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SIZE = {"width": 1100, "height": 900}


def main() -> None:
    server = subprocess.Popen([sys.executable, "-m", "ita_xl", "serve", "--port", "0", "--no-browser", "--lang", "th"],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT, env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        url = re.search(r"http://\S+", server.stdout.readline()).group()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport=SIZE, device_scale_factor=1, locale="th-TH")
            page.goto(url)
            page.locator("#files").set_input_files(SAMPLE)
            page.screenshot(path=ROOT / "docs" / "serve-home.png", full_page=True)
            page.locator("#convert").click()
            page.wait_for_selector("#ita", timeout=120_000)
            pdf = urljoin(page.url, page.get_attribute("#download-pdf", "href"))
            page.request.get(pdf, timeout=120_000)                                          # the PDF is made
            page.reload()
            page.screenshot(path=ROOT / "docs" / "serve-result.png", clip={"x": 0, "y": 0, **SIZE, "height": 1500},
                            full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
