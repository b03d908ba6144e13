"""The ita-xl command line: each command parses its options, calls the library and reports.

It speaks the language asked for (``--lang``, else ``ITA_XL_LANG``, else English when the locale
is English, else Thai), help included: ``build`` makes the commands in that language at each
start, one small function per command, from the options they share (``Options``). Thai help is
wrapped by ita_xl's own click classes (``HelpGroup``, ``HelpCommand``); nothing of click's own is
changed, on import or when running. ``main`` also makes the console safe to write to: a stream
that cannot encode Thai writes UTF-8, and a closed pipe swallows what is written to it.
"""
from __future__ import annotations

import functools
import io
import os
import sys
import textwrap
from pathlib import Path

import click

from . import __version__
from .catalogue import DEFAULT_LANGUAGE, LANGUAGES, t

SOME_FAILED = 3     # batch: the workbook was written but some files could not be read (or memos printed)
NO_PDF = 4          # the workbook was written but no PDF: LibreOffice is not installed


class CommandFailure(click.ClickException):
    """A library error shown as its own one-line message (exit code 1, no traceback)."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


# -- help in Thai ------------------------------------------------------------------------------

class WholeWordsFormatter(click.HelpFormatter):
    """Help wrapped at spaces only: Thai writes no spaces between words, so a line may run long,
    but a word is never cut in two. The text is wrapped here and handed to click marked as
    already wrapped (click's ``\\b`` paragraphs), so click only indents it."""

    def write_text(self, text: str) -> None:
        super().write_text(whole_words(text, self.width - self.current_indent))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((len(row[0]) for row in rows), default=0), col_max) + col_spacing
        width = max(self.width - first_col - 2, 10)       # as click measures the second column
        super().write_dl([(term, whole_words(text, width)) for term, text in rows], col_max, col_spacing)


def whole_words(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` at spaces only, paragraph by paragraph as click finds them
    (separated by blank lines, each with its first line's indent), each marked not to be wrapped again."""
    paragraphs, lines = [], []
    for line in text.expandtabs().splitlines() + [""]:
        if line:
            lines.append(line)
            continue
        if lines:
            indent = len(lines[0]) - len(lines[0].lstrip())
            if lines[0].strip() == "\b":          # already marked by its author
                paragraphs.append("\n".join(lines))
            else:
                wrapper = textwrap.TextWrapper(max(width - indent, 1), replace_whitespace=False,
                                               break_long_words=False, break_on_hyphens=False)
                body = wrapper.fill(" ".join(line.lstrip() if n == 0 else line for n, line in enumerate(lines)))
                paragraphs.append(" " * indent + "\b\n" + body)
            lines = []
    return "\n\n".join(paragraphs)


class HelpContext(click.Context):
    formatter_class = WholeWordsFormatter


class HelpCommand(click.Command):
    context_class = HelpContext


class HelpGroup(click.Group):
    context_class = HelpContext
    command_class = HelpCommand


# -- what every command shares ------------------------------------------------------------------

def language_of(args: list[str]) -> str:
    """``--lang`` on the command line, else English when the environment's language is, else Thai."""
    for n, arg in enumerate(args):
        if arg == "--lang" and n + 1 < len(args) and args[n + 1] in LANGUAGES:
            return args[n + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGUAGES:
            return arg[7:]
    for name in ("ITA_XL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


class Options:
    """The words of the command line in one language, and the options several commands share,
    as decorators."""

    def __init__(self, lang: str):
        self.lang = lang

    def say(self, key: str, **values) -> str:
        return t(f"cli.{key}", self.lang, **values)

    def edition(self, digits=None, font=None):
        from .writing.edition import Edition
        from .writing.styles import DEFAULT_FONT
        return Edition(self.lang, digits, font or DEFAULT_FONT)

    def option(self, *names, key: str, **kwargs):
        return click.option(*names, help=self.say(key), **kwargs)

    def common(self, command):
        """What every command takes: the language (read before the command line is built)."""
        return click.option("--lang", type=click.Choice(LANGUAGES), default=self.lang, show_default=True,
                            help=self.say("lang_help"), expose_value=False)(command)

    def errors(self, command):
        """Every ita_xl error as a one-line message in the language and exit code 1 (4 when only
        the PDF is missing, for want of LibreOffice: everything else was written)."""
        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            from .errors import ItaError
            try:
                return command(*args, **kwargs)
            except ItaError as error:
                failure = CommandFailure(error.text(self.lang))
                failure.exit_code = NO_PDF if error.key == "no_libreoffice" else 1
                raise failure from None
        return wrapper

    def year(self, command):
        return click.option("--year", type=click.Choice([str(y) for y in _years()]), default=str(_years()[-1]),
                            show_default=True, help=self.say("year_help"))(command)

    def framework(self, command):
        return self.option("--framework", "framework_file", type=click.Path(dir_okay=False),
                           key="framework_help")(command)

    def force(self, command):
        return self.option("--force", is_flag=True, key="force_help")(command)

    def digits(self, command):
        return self.option("--digits", type=click.Choice(("thai", "arabic")), key="digits_help")(command)

    def target(self, command):
        return self.option("--target", type=click.FloatRange(0, 100), key="target_help")(command)

    def emblem(self, command):
        return self.option("--emblem", type=click.Path(dir_okay=False, exists=True), key="emblem_help")(command)

    def font(self, command):
        from .writing.styles import DEFAULT_FONT
        return click.option("--font", default=DEFAULT_FONT, show_default=True, help=self.say("font_help"))(command)


def _framework_file(path):
    from .frameworks import read_framework
    return read_framework(path) if path else None


def _asked_year(year: str) -> int | None:
    """``--year`` when given on the command line, else None (the latest year is only its default)."""
    from click.core import ParameterSource
    given = click.get_current_context().get_parameter_source("year") is not ParameterSource.DEFAULT
    return int(year) if given else None


def _years() -> tuple[int, ...]:
    from .framework_years import supported_years
    return supported_years()


# -- the commands -------------------------------------------------------------------------------

def template_command(o: Options) -> click.Command:
    @click.command("template", cls=HelpCommand, help=o.say("template_help"))
    @click.argument("output", type=click.Path(dir_okay=False))
    @o.year
    @o.framework
    @o.font
    @o.force
    @o.common
    @o.errors
    def template(output, year, framework_file, font, force):
        from .frameworks.resolve import resolve_framework
        from .writing.template import write_template
        framework = resolve_framework(_asked_year(year), _framework_file(framework_file))
        path = write_template(output, framework, o.edition(font=font), force)
        click.echo(o.say("template_written", year=framework.fiscal_year, path=path))
    return template


def years_command(o: Options) -> click.Command:
    @click.command("years", cls=HelpCommand, help=o.say("years_help"))
    @o.option("--json", "as_json", is_flag=True, key="years_json_help")
    @o.common
    def years(as_json):
        import json

        from .frameworks import load_framework
        from .writing.json_export import describe
        chosen = o.edition()
        frameworks = [load_framework(year) for year in _years()]
        if as_json:
            click.echo(json.dumps([describe(f, chosen) for f in frameworks], ensure_ascii=False, indent=2))
            return
        for framework in frameworks:
            click.echo(chosen.t("framework.year_line", year=framework.fiscal_year,
                                levels=chosen.level_system(framework), groups=chosen.provenance_summary(framework)))
    return years


def framework_command(o: Options) -> click.Command:
    @click.command("framework", cls=HelpCommand, help=o.say("framework_command_help"))
    @o.year
    @o.common
    def framework(year):
        from .frameworks.dump import dump_framework
        from .frameworks.resolve import resolve_framework
        chosen = resolve_framework(_asked_year(year))
        click.echo(dump_framework(chosen, chosen.fiscal_year), nl=False)
    return framework


def convert_command(o: Options) -> click.Command:
    @click.command("convert", cls=HelpCommand, help=o.say("convert_help"))
    @click.argument("source", metavar="INPUT")   # a folder or an unreadable file: the library says so
    @o.option("-o", "--output", type=click.Path(dir_okay=False), key="output_help")
    @o.target
    @o.option("--previous", type=click.Path(dir_okay=False), key="previous_help")
    @o.option("--json", "as_json", is_flag=True, key="json_help")
    @o.option("--pdf", type=click.Choice(("memo", "all")), is_flag=False, flag_value="memo", key="pdf_help")
    @o.option("--docx", is_flag=True, key="docx_help")
    @o.emblem
    @o.digits
    @o.framework
    @o.font
    @o.force
    @o.common
    @o.errors
    def convert(source, output, target, previous, as_json, pdf, docx, emblem, digits, framework_file, font, force):
        from .conversion import convert as run
        from .validation import checked
        chosen = o.edition(digits, font)
        analysis, path, comparison = run(source, output, target=target, framework=_framework_file(framework_file),
                                         previous=previous, edition=chosen, force=force, pdf=pdf, docx=docx,
                                         emblem=emblem)
        if comparison and not comparison.same_agency:
            click.echo(o.say("other_agency", path=previous, previous=comparison.previous.assessment.agency.name,
                             agency=analysis.assessment.agency.name), err=True)
        _report_conversion(o, chosen, analysis, path, comparison, as_json, {".docx": docx, ".pdf": pdf})
        for line in checked(analysis, chosen).convert_lines():     # after what was written, as validate says them
            click.echo(line, err=True)
    return convert


def _report_conversion(o: Options, chosen, analysis, path: Path, comparison, as_json: bool, extras: dict) -> None:
    """What convert prints: the analysis as JSON, or one line and the other files written."""
    if as_json:
        import json

        from .writing.json_export import to_json
        written = {"output": str(path)} | {suffix[1:]: str(path.with_suffix(suffix))
                                           for suffix, wanted in extras.items() if wanted}
        click.echo(json.dumps(to_json(analysis, comparison, chosen) | written, ensure_ascii=False, indent=2))
        return
    from .writing.edition import score_text
    level, result = chosen.level_name(analysis.framework, analysis.level), chosen.result(analysis.passed)
    said = "converted" if level != result else "converted_rating"        # not "level ผ่าน ผ่าน"
    click.echo(o.say(said, path=path, ita=score_text(analysis.ita), level=level, result=result))
    for suffix, wanted in extras.items():
        if wanted:
            click.echo(o.say("also_written", path=path.with_suffix(suffix)))


def validate_command(o: Options) -> click.Command:
    @click.command("validate", cls=HelpCommand, help=o.say("validate_help"))
    @click.argument("source", metavar="INPUT")   # a folder or an unreadable file: the library says so
    @o.option("--strict", is_flag=True, key="strict_help")
    @o.option("--json", "as_json", is_flag=True, key="validate_json_help")
    @o.framework
    @o.common
    @o.errors
    def validate(source, strict, as_json, framework_file):
        import json

        from .validation import validate as check
        report = check(source, _framework_file(framework_file), o.edition())
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            for line in report.lines():
                click.echo(line)
        if report.problems:
            raise CommandFailure(o.say("problems", count=len(report.problems)))
        if strict and report.warnings:
            raise CommandFailure(o.say("warnings", count=len(report.warnings)))
        if not as_json:
            click.echo(o.say("valid", path=source, agency=report.assessment.agency.name,
                             year=report.assessment.fiscal_year))
    return validate


def batch_command(o: Options) -> click.Command:
    @click.command("batch", cls=HelpCommand, help=o.say("batch_help"))
    @click.argument("inputs", nargs=-1, required=True)
    @o.option("-o", "--output", required=True, type=click.Path(dir_okay=False), key="output_help")
    @o.option("--reports", type=click.Path(file_okay=False), key="reports_help")
    @o.option("--jobs", type=click.IntRange(1), key="jobs_help")
    @o.target
    @o.option("--json", "as_json", is_flag=True, key="batch_json_help")
    @o.option("--quiet", is_flag=True, key="quiet_help")
    @o.option("--framework", "framework_files", type=click.Path(dir_okay=False), multiple=True,
              key="batch_framework_help")
    @o.option("--pdf", is_flag=True, key="batch_pdf_help")
    @o.option("--docx", is_flag=True, key="batch_docx_help")
    @o.option("--previous", type=click.Path(dir_okay=False), key="batch_previous_help")
    @o.option("--memo", is_flag=True, key="batch_memo_help")
    @o.option("--office", default="", key="office_help")
    @o.option("--addressee", default="", key="addressee_help")
    @o.option("--preparer", default="", key="preparer_help")
    @o.option("--position", default="", key="position_help")
    @o.emblem
    @o.digits
    @o.font
    @o.force
    @o.common
    @o.errors
    def batch(inputs, output, reports, jobs, target, as_json, quiet, framework_files, pdf, docx, previous, memo,
              office, addressee, preparer, position, emblem, digits, font, force):
        from .batch import batch_inputs, run_batch
        from .errors import OutputError
        from .writing.memo.office import Office
        frameworks = {f.fiscal_year: f for f in map(_framework_file, framework_files)}
        run = run_batch(batch_inputs(inputs, output), output, reports=reports, jobs=jobs, target=target,
                        edition=o.edition(digits, font), force=force, frameworks=frameworks, pdf=pdf, docx=docx,
                        previous=previous, office=Office(office, addressee, preparer, position) if memo else None,
                        emblem=emblem, progress=lambda count: click.progressbar(
                            length=count, label=o.say("progress"), file=sys.stderr, hidden=quiet))
        _report_batch(o, run, output, as_json)
        if run.no_libreoffice:
            raise OutputError("no_libreoffice")
        if not run.complete:
            sys.exit(SOME_FAILED)
    return batch


def _report_batch(o: Options, run, output: str, as_json: bool) -> None:
    """What batch prints: the consolidation as JSON, or one line and the office's memo written;
    then each unread file, unprinted memo and skipped file."""
    result, memo = run.consolidation, run.memo
    unprinted = [(f.source, f.error) for f in result.unprinted] + ([(output, run.memo_unprinted)]
                                                                   if run.memo_unprinted else [])
    if as_json:
        import json
        click.echo(json.dumps({"output": output, **({"memo": list(map(str, memo))} if memo is not None else {}),
                               **result.to_json(),
                               "failures": [{"source": f.source, "problem": f.error.text(o.lang)}
                                            for f in result.failures],
                               "unprinted": [{"source": str(source), "problem": error.text(o.lang)}
                                             for source, error in unprinted],
                               "skipped": [vars(s) for s in result.skipped]}, ensure_ascii=False, indent=2))
    else:
        click.echo(o.say("batch_done", path=output, count=len(result.rows), passed=sum(r.passed for r in result.rows),
                         failed=len(result.failures), skipped=len(result.skipped)))
        for path in memo or ():
            click.echo(o.say("also_written", path=path))
    if memo is not None and not memo:
        click.echo(o.say("memo_no_agency"), err=True)
    for error in (*(f.error for f in result.failures), *(error for _, error in unprinted)):
        click.echo(error.text(o.lang), err=True)
    for left in result.skipped:
        click.echo(o.say("skipped_line", path=left.source,
                         reason=t(f"batch.skipped_{left.kind}", o.lang, same_as=left.same_as)), err=True)


def serve_command(o: Options) -> click.Command:
    @click.command("serve", cls=HelpCommand, help=o.say("serve_help"))
    @o.option("--host", default="127.0.0.1", show_default=True, key="host_help")
    @o.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, key="port_help")
    @o.option("--no-browser", is_flag=True, key="no_browser_help")
    @o.option("--access-code", envvar="ITA_XL_ACCESS_CODE", show_envvar=True, key="access_code_help")
    @o.option("--max-upload", type=click.IntRange(1), default=50, show_default=True, key="max_upload_help")
    @o.option("--jobs", type=click.IntRange(1), key="jobs_help")
    @o.common
    @o.errors
    def serve(host, port, no_browser, access_code, max_upload, jobs):
        from .web import MEGABYTE
        from .web import serve as run
        run(host, port, access_code=access_code, max_upload=max_upload * MEGABYTE, jobs=jobs,
            open_browser=not no_browser, announce=lambda url: click.echo(o.say("serving", url=url)))
    return serve


COMMANDS = (template_command, years_command, framework_command, convert_command, validate_command, batch_command,
            serve_command)


def build(lang: str) -> click.Group:
    """The command line in ``lang``."""
    o = Options(lang)

    @click.group(cls=HelpGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
                 help=o.say("help"))
    @click.version_option(__version__, "--version", prog_name="ita-xl")
    @o.common
    def cli():
        pass

    for command in COMMANDS:
        cli.add_command(command(o))
    return cli


class Cli(click.Command):
    """``ita-xl``: builds the command line in the language of this invocation, then runs it."""

    def main(self, args=None, prog_name=None, **extra):
        args = list(sys.argv[1:] if args is None else args)
        return build(language_of(args)).main(args, prog_name or "ita-xl", **extra)


cli = Cli("ita-xl")


# -- the console --------------------------------------------------------------------------------

class _PipeWriter(io.RawIOBase):
    """A console stream's file descriptor that drops what is written once its reader has gone
    (``ita-xl validate ... | head -1``), so that a closed pipe ends no run half-way."""

    def __init__(self, fd: int):
        self.fd, self.closed_by_reader = fd, False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data) -> int:
        if not self.closed_by_reader:
            try:
                return os.write(self.fd, data)
            except (BrokenPipeError, OSError) as error:
                if not isinstance(error, BrokenPipeError) and error.errno != 22:   # EINVAL: Windows' broken pipe
                    raise
                self.closed_by_reader = True
        return len(data)


def console_stream(stream):
    """``stream`` (sys.stdout or sys.stderr) made safe to write any message to: its own encoding
    when that can write Thai (cp874, UTF-8), else UTF-8, with characters it still cannot encode
    escaped; a stream that is not a terminal also survives its reader closing the pipe. A terminal
    keeps its own stream (Windows writes Unicode to its console whatever the code page)."""
    if stream is None or not hasattr(stream, "reconfigure"):
        return stream
    try:
        "ก".encode(stream.encoding)
        encoding = stream.encoding
    except (LookupError, UnicodeEncodeError):
        encoding = "utf-8"
    try:
        fd, terminal = stream.fileno(), stream.isatty()
    except (OSError, ValueError):
        fd, terminal = None, True
    if terminal:
        stream.reconfigure(encoding=encoding, errors="backslashreplace")
        return stream
    stream.flush()
    return io.TextIOWrapper(io.BufferedWriter(_PipeWriter(fd)), encoding=encoding, errors="backslashreplace",
                            line_buffering=stream.line_buffering, write_through=stream is sys.stderr)


def main() -> None:
    sys.stdout, sys.stderr = console_stream(sys.stdout), console_stream(sys.stderr)
    cli.main(prog_name="ita-xl")


if __name__ == "__main__":
    sys.exit(main())
