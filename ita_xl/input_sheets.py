"""What the input workbook is: its sheets, the agency sheet's labelled rows, each table's columns.

Defined once: the reader finds sheets and columns by these labels, the template writes
its headers, widths and input cells from them, and the report copies the measures'
columns from them. The words themselves live in ``texts/<lang>.toml`` under
``sheet.<key>``, ``field.<key>`` and ``column.<key>``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXCEL_CELL_LIMIT = 32_767      # UTF-16 code units an Excel cell holds
SHORT_TEXT = 255               # a name: it is repeated in titles and sheet names
LINE_TEXT = 1_000              # a heading line of the memo


@dataclass(frozen=True)
class Field:
    """A labelled row of the agency sheet: label in column A, value in column B."""
    key: str
    kind: str                  # "text", "year", "score", "date"
    required: bool = False
    max_length: int = EXCEL_CELL_LIMIT
    tool: str = ""             # a tool's stated score: labelled ``field.stated_tool`` with the tool's code

    @property
    def label_key(self) -> str:
        return "field.stated_tool" if self.tool else f"field.{self.key}"

    @property
    def hint_key(self) -> str:
        return "template.hint.stated_tool" if self.tool else f"template.hint.{self.key}"


@dataclass(frozen=True)
class InputColumn:
    """A column of an input table, found by its header label."""
    key: str
    width: float               # in the template, in column units
    required: bool = False
    wrap: bool = False         # long text: the row grows with it


@dataclass(frozen=True)
class InputTable:
    """An input sheet holding a table under one header row."""
    key: str
    columns: tuple[InputColumn, ...]
    landscape: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if column.required)

    def column(self, key: str) -> InputColumn:
        return next(column for column in self.columns if column.key == key)


AGENCY_SHEET = "agency"
AGENCY_FIELDS = (
    Field("name", "text", required=True, max_length=SHORT_TEXT),
    Field("type", "text", max_length=SHORT_TEXT),
    Field("province", "text", max_length=SHORT_TEXT),
    Field("fiscal_year", "year", required=True),
    Field("stated_ita", "score"),
    Field("stated_level", "text", max_length=SHORT_TEXT),
    Field("preparer", "text", max_length=SHORT_TEXT),
    Field("position", "text", max_length=SHORT_TEXT),
    Field("date", "date"),
    Field("division", "text", max_length=LINE_TEXT),
    Field("document_no", "text", max_length=SHORT_TEXT),
    Field("addressee", "text", max_length=LINE_TEXT),
)
AGENCY_WIDTHS = (20, 26, 34)   # label, value, hint


def agency_fields(tools: Sequence[str]) -> tuple[Field, ...]:
    """The agency sheet's rows for a year whose framework has ``tools``: each tool's stated score
    follows the stated level (the framework, not this module, knows how many tools there are)."""
    after = next(n for n, f in enumerate(AGENCY_FIELDS) if f.key == "stated_level") + 1
    stated = tuple(Field(f"stated_{code.lower()}", "score", tool=code) for code in tools)
    return AGENCY_FIELDS[:after] + stated + AGENCY_FIELDS[after:]

INDICATORS = InputTable("indicators", (
    InputColumn("indicator_no", 9, required=True), InputColumn("tool", 7), InputColumn("indicator", 24, wrap=True),
    InputColumn("score", 9, required=True)))
ITEMS = InputTable("items", (
    InputColumn("item_code", 6, required=True), InputColumn("indicator_no", 8), InputColumn("item_text", 30, wrap=True),
    InputColumn("score", 8, required=True), InputColumn("recommendation", 30, wrap=True),
    InputColumn("item_source", 12, wrap=True)), landscape=True)          # whose wording: written, never read
MEASURES = InputTable("measures", (
    InputColumn("measure", 16, required=True, wrap=True), InputColumn("steps", 26, wrap=True),
    InputColumn("responsible", 11, wrap=True), InputColumn("timeline", 11, wrap=True), InputColumn("result", 18, wrap=True),
    InputColumn("suggestion", 10, wrap=True)), landscape=True)
SHEETS = (AGENCY_SHEET, INDICATORS.key, ITEMS.key, MEASURES.key)
GUIDE_SHEET = "guide"
