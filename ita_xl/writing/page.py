"""The page of a Thai official document, defined once for every writer: A4, the margins of the
งานสารบรรณ rules (left 3 cm, right 2 cm, top 2.5 cm), the page number at the top centre."""
from __future__ import annotations

A4_CM = (21.0, 29.7)                 # portrait width and height
MARGINS_CM = {"left": 3.0, "right": 2.0, "top": 2.5, "bottom": 2.0}
HEADER_CM = 1.2                      # the page number's distance from the top edge
INDENT_CM = 2.5                      # a paragraph's first line (the typewriter's ten taps)
CM_PER_INCH = 2.54


def text_width_cm(landscape: bool = False) -> float:
    """The width between the margins."""
    width = A4_CM[1] if landscape else A4_CM[0]
    return width - MARGINS_CM["left"] - MARGINS_CM["right"]


def text_height_cm(landscape: bool = False) -> float:
    """The height between the margins."""
    height = A4_CM[0] if landscape else A4_CM[1]
    return height - MARGINS_CM["top"] - MARGINS_CM["bottom"]


def margins_inches() -> dict[str, float]:
    """The margins as xlsxwriter's ``set_margins`` takes them."""
    return {side: cm / CM_PER_INCH for side, cm in MARGINS_CM.items()}
