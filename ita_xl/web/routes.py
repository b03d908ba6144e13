"""The page's requests: each reads what was sent, calls the library (in a worker) and answers.

``GET /`` the page; ``GET /template?year=`` a blank template; ``POST /convert`` one workbook or
several, answered by a redirect to ``GET /result/<token>`` (so that reloading never posts again);
``GET /result/<token>/<key>`` a download; ``GET|POST /access`` the access code.
"""
from __future__ import annotations

import asyncio
import math
import os
import zipfile
from pathlib import Path

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, RedirectResponse, Response

from ..batch import TIME_LIMIT
from ..catalogue import t
from ..conversion import default_output
from ..errors import ItaError, OutputError
from ..writing.edition import Edition
from ..writing.libreoffice import LIMIT as PRINT_LIMIT
from . import jobs
from .pages import language
from .results import ManyResult, OneResult, many_page, one_page, problem_lines
from .store import Download, content_disposition, remove
from .uploads import MAX_FILES, Form, FormProblem, read_form

WRONG_CODE_DELAY = 1.0          # seconds before a wrong access code is answered: guessing stays slow
ONE_DOWNLOADS = [("xlsx", "web.download_xlsx"), ("pdf", "web.download_pdf"), ("docx", "web.download_docx")]
MANY_DOWNLOADS = [("all", "web.download_all"), ("zip", "web.download_zip")]


async def home(request):
    return request.app.state.web.pages.home(request.scope)


async def template(request):
    """A blank template of the year asked for (the latest by default), in the page's language."""
    from ..framework_years import supported_years
    from ..frameworks import load_framework
    from ..writing.template import write_template
    web, lang = request.app.state.web, language(request.scope)
    year = request.query_params.get("year", "")
    year = int(year) if year.isdigit() and int(year) in supported_years() else supported_years()[-1]
    with web.store.request_folder() as (_, folder):
        path = folder / "template.xlsx"
        await anyio.to_thread.run_sync(lambda: write_template(path, load_framework(year), Edition(lang)))
        content = path.read_bytes()
    return Response(content, media_type=Download(path, "").media_type, headers={
        "content-disposition": content_disposition(t("web.template_file", lang, year=year))})


async def convert(request):
    """The uploaded workbooks converted: one is analysed, several consolidated."""
    web, lang = request.app.state.web, language(request.scope)
    with web.store.request_folder() as (token, folder):
        names = {f"{folder}{os.sep}": ""}
        try:
            form = await request.form(max_files=MAX_FILES + 1, max_fields=20)
            try:
                fields = await read_form(form, folder)
            finally:
                await form.close()
            names = {str(u.path): u.name for u in (*fields.workbooks, fields.previous) if u} | names
            if len(fields.workbooks) == 1:
                page, downloads = await _one(web, fields, folder, token, lang, names)
            else:
                page, downloads = await _many(web, fields, folder, lang, names)
        except FormProblem as problem:
            return web.pages.home(request.scope, [t(f"web.{problem.key}", lang, **problem.values)], 400)
        except ItaError as error:
            return web.pages.home(request.scope, problem_lines(error, lang, names), 422)
        finally:
            for uploads in ("in", "previous"):
                remove(folder / uploads)
        web.store.keep(token, page, downloads)
    return RedirectResponse(f"/result/{token}?lang={lang}", 303)


async def _one(web, fields: Form, folder: Path, token: str, lang: str, names: dict):
    """``ita-xl convert`` of the one workbook, with its Word memo and (LibreOffice permitting) its PDF."""
    upload = fields.workbooks[0]
    output = folder / "out" / default_output(upload.name).name
    output.parent.mkdir()
    memo = folder / f"{token}.docx" if web.printer else None
    job = jobs.OneWorkbook(upload.path, output, Edition(lang, fields.digits), fields.target,
                           fields.previous.path if fields.previous else None, memo)
    analysis, comparison = await web.workers.run(1, TIME_LIMIT, jobs.convert_one, job)
    downloads = {"xlsx": Download(output, output.name)}
    docx = output.with_suffix(".docx")
    downloads["docx"] = Download(docx, docx.name)
    pdf_problem = None
    if web.printer:                 # the page need not wait for LibreOffice: the PDF follows
        pdf = output.with_suffix(".pdf")
        downloads["pdf"] = Download(pdf, pdf.name, web.store.make(
            _printed(web, memo, pdf, job.edition, analysis.assessment.agency.name)))
    else:
        pdf_problem = OutputError("no_libreoffice")
    page = OneResult(analysis, comparison, upload.name, fields.previous.name if fields.previous else None,
                     pdf_problem, names)
    return page, downloads


async def _printed(web, memo: Path, pdf: Path, edition: Edition, agency: str) -> Path:
    try:
        return await web.printer.print(memo, pdf, edition, agency)
    finally:
        remove(memo)


async def _many(web, fields: Form, folder: Path, lang: str, names: dict):
    """``ita-xl batch`` of the workbooks with every agency's report and memo, and a zip of the reports."""
    uploads = fields.workbooks
    places = min(len(uploads), web.workers.jobs)
    output, reports = folder / "out" / "consolidated.xlsx", folder / "out" / "reports"
    output.parent.mkdir()
    job = jobs.ManyWorkbooks(tuple(u.path for u in uploads), output, reports, Edition(lang, fields.digits),
                             {str(u.path): u.name for u in uploads}, fields.target, bool(web.printer), places)
    seconds = TIME_LIMIT * math.ceil(len(uploads) / places) + PRINT_LIMIT.for_size(  # a memo's text, unpacked,
        len(uploads), 10 * sum(u.path.stat().st_size for u in uploads) / 1024 ** 2)     # at most ten times the zip's
    consolidation, made = await web.workers.run(places, seconds, jobs.consolidate_many, job, timed=False)
    downloads = {"all": Download(output, t("web.consolidated_file", lang, count=len(consolidation.rows)))}
    for n, report in enumerate(made):
        for suffix in (".xlsx", ".pdf", ".docx") if report else ():
            if report.with_suffix(suffix).exists():
                downloads[f"{n}{suffix}"] = Download(report.with_suffix(suffix), report.with_suffix(suffix).name)
    if any(made):
        archive = folder / "out" / "reports.zip"
        await anyio.to_thread.run_sync(_zip, reports, archive)
        downloads["zip"] = Download(archive, t("web.reports_file", lang))
    return ManyResult(consolidation, tuple(bool(report) for report in made), names), downloads


def _zip(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                bundle.write(path, path.name)


async def result(request):
    """A conversion's page, while its downloads last."""
    web, lang = request.app.state.web, language(request.scope)
    kept = web.store.get(request.path_params["token"])
    if kept is None:
        return web.pages.home(request.scope, [t("web.expired", lang)], 404)
    page, token = kept.page(), request.path_params["token"]
    context = {"token": token, "downloads": kept.downloads, "minutes": math.ceil(web.store.expires_in(kept) / 60)}
    if isinstance(page, OneResult):
        one = one_page(page, lang)
        failed = {key: d.failure for key, d in kept.downloads.items() if d.failure}
        context["downloads"] = {key: d for key, d in kept.downloads.items() if key not in failed}
        lines = [line for error in failed.values() for line in problem_lines(error, lang, page.names)]
        return web.pages.render(request.scope, "result.html", one=one, labels=ONE_DOWNLOADS,
                                pdf_problem=one["pdf_problem"] + lines, **context)
    no_pdf = [] if web.printer else problem_lines(OutputError("no_libreoffice"), lang, {})
    return web.pages.render(request.scope, "batch.html", many=many_page(page, lang), labels=MANY_DOWNLOADS,
                            pdf_problem=no_pdf, **context)


async def download(request):
    web = request.app.state.web
    kept = web.store.get(request.path_params["token"])
    wanted = kept.downloads.get(request.path_params["key"]) if kept else None
    if wanted is not None and wanted.making is not None:
        await asyncio.wait({wanted.making})          # the PDF still being made: wait for it (never cancel it)
        if wanted.failure is not None:
            return web.pages.home(request.scope, problem_lines(wanted.failure, language(request.scope),
                                                               kept.page().names), 422)
    if wanted is None or not wanted.path.exists():
        return web.pages.home(request.scope, [t("web.expired", language(request.scope))], 404)
    return FileResponse(wanted.path, media_type=wanted.media_type,
                        headers={"content-disposition": wanted.disposition})


async def access(request):
    """The access code: the page asking for it, and the code typed."""
    web, lang = request.app.state.web, language(request.scope)
    if request.method == "GET" or not web.access.code:
        if not web.access.code or web.access.admitted(request.scope):
            return RedirectResponse(f"/?lang={lang}", 303)
        return web.pages.access(request.scope, 200)
    form = await request.form(max_files=0, max_fields=5)
    if web.access.matches(str(form.get("code", ""))):
        return RedirectResponse(f"/?lang={lang}", 303, headers={
            "set-cookie": web.access.cookie(request.url.scheme == "https")})
    await asyncio.sleep(WRONG_CODE_DELAY)
    return web.pages.access(request.scope, 401, [t("web.wrong_code", lang)])


async def http_problem(request, error: HTTPException):
    """Starlette's own refusals (no such page, a form it cannot read) as the page with one line."""
    key = {404: "web.not_found", 405: "web.not_found", 400: "web.bad_form"}.get(error.status_code, "web.unexpected")
    return request.app.state.web.pages.problem(request.scope, [t(key, language(request.scope))], error.status_code)
