"""ita_xl: a Thai agency's ITA scores turned into the finished analysis workbook.

The library does the work; ``ita_xl.cli`` only parses arguments and reports.
"""
from .analysis import analyse, to_json
from .comparison import compare
from .convert import convert
from .errors import FrameworkError, InputError, InputProblems, ItaError, OutputError
from .frameworks import Framework, load_framework, read_framework, supported_years
from .model import Analysis, Assessment
from .reading import inspect, load
from .report import write_report
from .template import write_template

__version__ = "0.1.0"

__all__ = [
    "Analysis", "Assessment", "Framework", "FrameworkError", "InputError", "InputProblems",
    "ItaError", "OutputError", "analyse", "compare", "convert", "inspect", "load", "load_framework",
    "read_framework", "supported_years", "to_json", "write_report", "write_template",
]
