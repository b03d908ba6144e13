"""ita_xl: a Thai agency's ITA scores turned into the finished analysis workbook.

The library does the work; ``ita_xl.cli`` only parses arguments and reports.
Names are imported on first use, so that ``ita-xl --help`` starts quickly.
"""
from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {   # name -> the module that defines it
    "analyse": "analysis",
    "compare": "analysis.comparison",
    "Consolidation": "analysis.consolidation", "summarise_years": "analysis.consolidation",
    "consolidate": "batch", "find_inputs": "batch", "write_consolidated": "batch", "run_batch": "batch",
    "batch_inputs": "batch",
    "convert": "conversion",
    "FrameworkError": "errors", "InputError": "errors", "InputProblems": "errors", "ItaError": "errors",
    "OutputError": "errors",
    "Framework": "frameworks", "load_framework": "frameworks", "read_framework": "frameworks",
    "supported_years": "frameworks",
    "Analysis": "model", "Assessment": "model",
    "inspect": "reading.assessment", "load": "reading.assessment",
    "validate": "validation",
    "Edition": "writing.edition",
    "to_json": "writing.json_export",
    "find_soffice": "writing.libreoffice",
    "write_pdf": "writing.memo.pdf",
    "build_memo": "writing.memo.sections",
    "write_docx": "writing.memo.word",
    "write_template": "writing.template",
    "write_report": "writing.workbook",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'ita_xl' has no attribute {name!r}")
    return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)


def __dir__():
    return __all__
