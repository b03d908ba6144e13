"""The ita-xl command: each command parses, calls one library function and reports."""
from __future__ import annotations

import functools
import json
import sys

import click

from . import __version__
from .text import DEFAULT_LANGUAGE, LANGUAGES, t, using_language

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
SOME_FAILED = 3     # batch: the workbook was written but some files could not be read


class Failure(click.ClickException):
    """A library error shown as its own one-line message (exit code 1, no traceback)."""

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def reports_errors(command):
    """Turn every ita_xl error into a one-line message and exit code 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .errors import ItaError
        try:
            return command(*args, **kwargs)
        except ItaError as error:
            raise Failure(str(error)) from None
    return wrapper


def framework_option(command):
    return click.option("--framework", "framework_file", type=click.Path(dir_okay=False),
                        help=t("cli.framework_help"))(command)


def force_option(command):
    return click.option("--force", is_flag=True, help=t("cli.force_help"))(command)


def font_option(command):
    from .styles import DEFAULT_FONT
    return click.option("--font", default=DEFAULT_FONT, show_default=True, help=t("cli.font_help"))(command)


def language_option(command):
    """``--lang th|en``: the language of the workbook and of every message."""
    @click.option("--lang", type=click.Choice(LANGUAGES), default=DEFAULT_LANGUAGE, show_default=True,
                  help=t("cli.lang_help"))
    @functools.wraps(command)
    def wrapper(*args, lang, **kwargs):
        with using_language(lang):
            return command(*args, **kwargs)
    return wrapper


def _framework(path):
    from .frameworks import read_framework
    return read_framework(path) if path else None


@click.group(context_settings=CONTEXT, help=t("cli.help"))
@click.version_option(__version__, "--version", prog_name="ita-xl")
def cli():
    pass


@cli.command(help=t("cli.template_help"))
@click.argument("output", type=click.Path(dir_okay=False))
@click.option("--year", type=int, default=2565, show_default=True, help=t("cli.year_help"))
@framework_option
@font_option
@force_option
@language_option
@reports_errors
def template(output, year, framework_file, font, force):
    from .frameworks import load_framework
    from .template import write_template
    framework = _framework(framework_file) or load_framework(year)
    path = write_template(output, framework, font, force)
    click.echo(t("cli.template_written", year=framework.fiscal_year, path=path))


@cli.command(help=t("cli.convert_help"))
@click.argument("source", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help=t("cli.output_help"))
@click.option("--target", type=click.FloatRange(0, 100), help=t("cli.target_help"))
@click.option("--previous", type=click.Path(dir_okay=False), help=t("cli.previous_help"))
@click.option("--json", "as_json", is_flag=True, help=t("cli.json_help"))
@click.option("--digits", type=click.Choice(("thai", "arabic")), help=t("cli.digits_help"))
@framework_option
@font_option
@force_option
@language_option
@reports_errors
def convert(source, output, target, previous, as_json, digits, framework_file, font, force):
    from .analysis import to_json
    from .conversion import convert as run
    from .wording import score_text
    analysis, path, comparison = run(source, output, target=target, font=font, digits=digits,
                                     framework=_framework(framework_file), previous=previous, force=force)
    if as_json:
        data = to_json(analysis, comparison) | {"output": str(path)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    result = t("report.ita_passed") if analysis.passed else t("report.ita_failed")
    click.echo(t("cli.converted", path=path, ita=score_text(analysis.ita), level=analysis.level, result=result))


@cli.command(help=t("cli.validate_help"))
@click.argument("source", metavar="INPUT", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help=t("cli.strict_help"))
@framework_option
@language_option
@reports_errors
def validate(source, strict, framework_file):
    from .analysis import analyse
    from .audit import mismatches
    from .reading import inspect
    from .wording import check_label, check_value
    assessment, problems = inspect(source, _framework(framework_file))
    if problems:
        for problem in problems:
            click.echo(str(problem))
        raise Failure(t("cli.problems", count=len(problems)))
    analysis = analyse(assessment)
    wrong = mismatches(analysis)
    for check in wrong:
        values = [check_value(v) for v in (check.stated, check.computed)]
        stated, computed = (f"{v:.2f}" if isinstance(v, float) else v for v in values)
        click.echo(t("cli.warning", path=source, check=check_label(check), stated=stated, computed=computed))
    if wrong and strict:
        raise Failure(t("cli.warnings", count=len(wrong)))
    click.echo(t("cli.valid", path=source, agency=assessment.agency.name, year=assessment.fiscal_year))


@cli.command(help=t("cli.batch_help"))
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help=t("cli.output_help"))
@click.option("--reports", type=click.Path(file_okay=False), help=t("cli.reports_help"))
@click.option("--jobs", type=click.IntRange(1), help=t("cli.jobs_help"))
@click.option("--target", type=click.FloatRange(0, 100), help=t("cli.target_help"))
@click.option("--json", "as_json", is_flag=True, help=t("cli.batch_json_help"))
@click.option("--quiet", is_flag=True, help=t("cli.quiet_help"))
@font_option
@force_option
@language_option
@reports_errors
def batch(inputs, output, reports, jobs, target, as_json, quiet, font, force):
    from .batch import consolidate, find_inputs, write_consolidated
    paths = find_inputs(inputs)
    with click.progressbar(length=len(paths), label=t("batch.progress"), file=sys.stderr, hidden=quiet) as bar:
        frame = consolidate(paths, jobs=jobs, target=target, reports=reports, on_progress=lambda: bar.update(1))
    write_consolidated(frame, output, font, target, force)
    failures = frame.attrs["failures"]
    if as_json:
        click.echo(json.dumps({"output": output, "agencies": frame.to_dict("records"),
                               "failures": [vars(f) for f in failures]}, ensure_ascii=False, indent=2))
    else:
        click.echo(t("batch.done", path=output, count=len(frame), passed=int(frame["passed"].sum()),
                     failed=len(failures)))
    for failure in failures:
        click.echo(failure.message, err=True)
    if failures:
        sys.exit(SOME_FAILED)


def main() -> None:
    cli(prog_name="ita-xl")


if __name__ == "__main__":
    sys.exit(main())
