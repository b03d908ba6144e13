"""The ita-xl command: each command parses, calls one library function and reports.

The command line speaks the language asked for (``--lang``, else an English ``LANG``, else
Thai), help included: it is built in that language when it starts.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
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


class ThaiHelpFormatter(click.HelpFormatter):
    """Help wrapped at spaces only: Thai writes no spaces between words, so a line may run
    long, but a word is never cut in two."""

    def write_text(self, text: str) -> None:
        with _whole_words():
            super().write_text(text)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        with _whole_words():
            super().write_dl(rows, col_max, col_spacing)


@contextlib.contextmanager
def _whole_words():
    import click._textwrap as textwrap
    original = textwrap.TextWrapper

    class WholeWords(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs, break_long_words=False, break_on_hyphens=False)
    textwrap.TextWrapper = WholeWords
    try:
        yield
    finally:
        textwrap.TextWrapper = original


click.Context.formatter_class = ThaiHelpFormatter


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


def reports_errors(lang: str):
    """Turn every ita_xl error into a one-line message in ``lang`` and exit code 1 (4 when only the
    PDF is missing, for want of LibreOffice: everything else was written)."""
    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            from .errors import ItaError
            try:
                return command(*args, **kwargs)
            except ItaError as error:
                failure = CommandFailure(error.text(lang))
                failure.exit_code = NO_PDF if error.key == "no_libreoffice" else 1
                raise failure from None
        return wrapper
    return decorate


def _framework(path):
    from .frameworks import read_framework
    return read_framework(path) if path else None


def build(lang: str) -> click.Group:
    """The command line in ``lang``."""
    def say(key: str, **values) -> str:
        return t(f"cli.{key}", lang, **values)

    def edition(digits=None, font=None):
        from .writing.edition import Edition
        from .writing.styles import DEFAULT_FONT
        return Edition(lang, digits, font or DEFAULT_FONT)

    def option(*names, key: str, **kwargs):
        return click.option(*names, help=say(key), **kwargs)

    def common(command):
        """Options every command takes: the language (read before the command line is built)."""
        return click.option("--lang", type=click.Choice(LANGUAGES), default=lang, show_default=True,
                            help=say("lang_help"), expose_value=False)(command)

    framework_option = option("--framework", "framework_file", type=click.Path(dir_okay=False), key="framework_help")
    force_option = option("--force", is_flag=True, key="force_help")
    digits_option = option("--digits", type=click.Choice(("thai", "arabic")), key="digits_help")
    target_option = option("--target", type=click.FloatRange(0, 100), key="target_help")

    def font_option(command):
        from .writing.styles import DEFAULT_FONT
        return click.option("--font", default=DEFAULT_FONT, show_default=True, help=say("font_help"))(command)

    errors = reports_errors(lang)

    @click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
                 help=say("help"))
    @click.version_option(__version__, "--version", prog_name="ita-xl")
    @common
    def cli():
        pass

    @cli.command(help=say("template_help"))
    @click.argument("output", type=click.Path(dir_okay=False))
    @click.option("--year", type=click.Choice([str(y) for y in _years()]), default=str(_years()[-1]),
                  show_default=True, help=say("year_help"))
    @framework_option
    @font_option
    @force_option
    @common
    @errors
    def template(output, year, framework_file, font, force):
        from .frameworks import load_framework
        from .writing.template import write_template
        framework = _framework(framework_file) or load_framework(int(year))
        path = write_template(output, framework, edition(font=font), force)
        click.echo(say("template_written", year=framework.fiscal_year, path=path))

    @cli.command(help=say("years_help"))
    @option("--json", "as_json", is_flag=True, key="years_json_help")
    @common
    def years(as_json):
        import json

        from .frameworks import load_framework
        from .writing.json_export import describe
        chosen = edition()
        frameworks = [load_framework(year) for year in _years()]
        if as_json:
            click.echo(json.dumps([describe(f, chosen) for f in frameworks], ensure_ascii=False, indent=2))
            return
        for framework in frameworks:
            click.echo(chosen.t("framework.year_line", year=framework.fiscal_year,
                                levels=chosen.level_system(framework), groups=chosen.provenance_summary(framework)))

    @cli.command("framework", help=say("framework_command_help"))
    @click.option("--year", type=click.Choice([str(y) for y in _years()]), default=str(_years()[-1]),
                  show_default=True, help=say("year_help"))
    @common
    def framework_command(year):
        from .frameworks import load_framework
        from .frameworks.dump import dump_framework
        click.echo(dump_framework(load_framework(int(year)), int(year)), nl=False)

    @cli.command(help=say("convert_help"))
    @click.argument("source", metavar="INPUT", type=click.Path(dir_okay=False))
    @option("-o", "--output", type=click.Path(dir_okay=False), key="output_help")
    @target_option
    @option("--previous", type=click.Path(dir_okay=False), key="previous_help")
    @option("--json", "as_json", is_flag=True, key="json_help")
    @option("--pdf", type=click.Choice(("memo", "all")), is_flag=False, flag_value="memo", key="pdf_help")
    @option("--docx", is_flag=True, key="docx_help")
    @option("--emblem", type=click.Path(dir_okay=False, exists=True), key="emblem_help")
    @digits_option
    @framework_option
    @font_option
    @force_option
    @common
    @errors
    def convert(source, output, target, previous, as_json, pdf, docx, emblem, digits, framework_file, font, force):
        import json

        from .conversion import convert as run
        from .validation import checked
        from .writing.edition import score_text
        from .writing.json_export import to_json
        chosen = edition(digits, font)
        analysis, path, comparison = run(source, output, target=target, framework=_framework(framework_file),
                                         previous=previous, edition=chosen, force=force, pdf=pdf, docx=docx,
                                         emblem=emblem)
        warnings = checked(analysis, chosen).convert_lines()
        if comparison and not comparison.same_agency:
            click.echo(say("other_agency", path=previous, previous=comparison.previous.assessment.agency.name,
                           agency=analysis.assessment.agency.name), err=True)
        if as_json:
            wanted = {"pdf": pdf, "docx": docx}
            extra = {"output": str(path)} | {key: str(path.with_suffix(f".{key}")) for key, on in wanted.items() if on}
            click.echo(json.dumps(to_json(analysis, comparison, chosen) | extra, ensure_ascii=False, indent=2))
            for line in warnings:
                click.echo(line, err=True)
            return
        level, result = chosen.level_name(analysis.framework, analysis.level), chosen.result(analysis.passed)
        said = "converted" if level != result else "converted_rating"        # not "level ผ่าน ผ่าน"
        click.echo(say(said, path=path, ita=score_text(analysis.ita), level=level, result=result))
        for wanted, suffix in ((docx, ".docx"), (pdf, ".pdf")):
            if wanted:
                click.echo(say("also_written", path=path.with_suffix(suffix)))
        for line in warnings:
            click.echo(line, err=True)

    @cli.command(help=say("validate_help"))
    @click.argument("source", metavar="INPUT", type=click.Path(dir_okay=False))
    @option("--strict", is_flag=True, key="strict_help")
    @option("--json", "as_json", is_flag=True, key="validate_json_help")
    @framework_option
    @common
    @errors
    def validate(source, strict, as_json, framework_file):
        import json

        from .validation import validate as check
        report = check(source, _framework(framework_file), edition())
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            for line in report.lines():
                click.echo(line)
        if report.problems:
            raise CommandFailure(say("problems", count=len(report.problems)))
        if strict and report.warnings:
            raise CommandFailure(say("warnings", count=len(report.warnings)))
        if not as_json:
            click.echo(say("valid", path=source, agency=report.assessment.agency.name,
                           year=report.assessment.fiscal_year))

    @cli.command(help=say("batch_help"))
    @click.argument("inputs", nargs=-1, required=True)
    @option("-o", "--output", required=True, type=click.Path(dir_okay=False), key="output_help")
    @option("--reports", type=click.Path(file_okay=False), key="reports_help")
    @option("--jobs", type=click.IntRange(1), key="jobs_help")
    @target_option
    @option("--json", "as_json", is_flag=True, key="batch_json_help")
    @option("--quiet", is_flag=True, key="quiet_help")
    @option("--framework", "framework_files", type=click.Path(dir_okay=False), multiple=True,
            key="batch_framework_help")
    @option("--pdf", is_flag=True, key="batch_pdf_help")
    @option("--docx", is_flag=True, key="batch_docx_help")
    @option("--previous", type=click.Path(dir_okay=False), key="batch_previous_help")
    @digits_option
    @font_option
    @force_option
    @common
    @errors
    def batch(inputs, output, reports, jobs, target, as_json, quiet, framework_files, pdf, docx, previous, digits,
              font, force):
        import json

        from .batch import consolidate, find_inputs, without_output, write_consolidated
        from .errors import OutputError
        from .writing.libreoffice import find_soffice
        from .writing.output_files import check_output
        chosen = edition(digits, font)
        no_pdf = pdf and reports is not None and find_soffice() is None     # the rest is still written
        frameworks = {f.fiscal_year: f for f in map(_framework, framework_files)}
        paths = without_output(find_inputs(inputs), Path(output))
        check_output(Path(output), tuple(paths) + ((Path(previous),) if previous else ()), force, "consolidated")
        with click.progressbar(length=len(paths), label=say("progress"), file=sys.stderr, hidden=quiet) as bar:
            result = consolidate(paths, jobs=jobs, target=target, reports=reports, edition=chosen, force=force,
                                 frameworks=frameworks, output=output, pdf=pdf and reports is not None and not no_pdf,
                                 docx=docx and reports is not None, on_progress=lambda: bar.update(1),
                                 previous=previous)
        write_consolidated(result, output, chosen, target, force)
        if as_json:
            click.echo(json.dumps({"output": output, **result.to_json(),
                                   "failures": [{"source": f.source, "problem": f.error.text(lang)}
                                                for f in result.failures],
                                   "unprinted": [{"source": f.source, "problem": f.error.text(lang)}
                                                 for f in result.unprinted],
                                   "skipped": [vars(s) for s in result.skipped]}, ensure_ascii=False, indent=2))
        else:
            click.echo(say("batch_done", path=output, count=len(result.rows),
                           passed=sum(r.passed for r in result.rows), failed=len(result.failures),
                           skipped=len(result.skipped)))
        for failure in (*result.failures, *result.unprinted):
            click.echo(failure.error.text(lang), err=True)
        if no_pdf:
            raise OutputError("no_libreoffice")
        if result.failures or result.unprinted:
            sys.exit(SOME_FAILED)

    return cli


def _years() -> tuple[int, ...]:
    from .framework_years import supported_years
    return supported_years()


class Cli(click.Command):
    """``ita-xl``: builds the command line in the language of this invocation, then runs it."""

    def main(self, args=None, prog_name=None, **extra):
        args = list(sys.argv[1:] if args is None else args)
        return build(language_of(args)).main(args, prog_name or "ita-xl", **extra)


cli = Cli("ita-xl")


def main() -> None:
    cli.main(prog_name="ita-xl")


if __name__ == "__main__":
    sys.exit(main())
