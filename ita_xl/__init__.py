"""ita_xl: a Thai agency's ITA scores turned into the finished analysis workbook.

The library does the work; ``ita_xl.cli`` only parses arguments and reports.
Names are imported on first use, so that ``ita-xl --help`` starts quickly.
"""
from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {
    "analyse": "analysis", "to_json": "export", "compare": "comparison", "convert": "conversion",
    "consolidate": "batch", "find_inputs": "batch", "write_consolidated": "batch", "summarise_years": "consolidation",
    "Consolidation": "consolidation", "Edition": "wording", "validate": "validation", "build_memo": "memo",
    "FrameworkError": "errors", "InputError": "errors", "InputProblems": "errors", "ItaError": "errors",
    "OutputError": "errors", "Framework": "frameworks", "load_framework": "frameworks",
    "read_framework": "frameworks", "supported_years": "frameworks", "Analysis": "model",
    "Assessment": "model", "inspect": "reading", "load": "reading", "write_report": "report",
    "write_template": "template", "write_docx": "docx_memo", "write_pdf": "publish", "to_pdf": "publish",
    "find_soffice": "publish",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'ita_xl' has no attribute {name!r}")
    return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)


def __dir__():
    return __all__
