"""Where Thai text may break across lines: decided here, once, for every program that prints it.

Thai is written without spaces between words, so the program that prints a text decides where
its lines break, each with its own dictionary: LibreOffice splits "ราย|ละเอียด", a name such as
"สาย|ทอง", and inside a syllable when a word is longer than its column. This module decides the
break opportunities itself and writes them into the text in a form Word, LibreOffice and Excel
all honour (Unicode line breaking, UAX #14):

- a ZERO WIDTH SPACE (U+200B) between two Thai words: a line may break there;
- a WORD JOINER (U+2060) between the character clusters inside a word: it may not;
- a NO-BREAK SPACE inside a span kept whole: a name, an indicator's name, "พ.ศ. ๒๕๖๙", and after
  a step's number ("๒. จัดทำ"), so that a number never ends a line alone.

A boundary is a break opportunity only where two segmentations agree (pythainlp's dictionary
segmenters newmm and longest, with a few words of the ITA added): where they differ, the word
is ambiguous ("โครง|การประเมิน" or "โครงการ|ประเมิน") and is kept whole. Both characters are
invisible and take no width; LibreOffice leaves them out of a PDF's text, so the PDF searches
as plain words.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from ..thai import pythainlp_read_only

BREAK = "\u200b"          # ZERO WIDTH SPACE: a line may break here
JOIN = "\u2060"           # WORD JOINER: a line may not
NO_BREAK_SPACE = "\u00a0"
MARKS = BREAK + JOIN
KEPT_WHOLE = 32           # characters of a kept span whose spaces do not break either
_THAI_RUN = re.compile("[\u0e01-\u0e4f]+")          # Thai letters, vowels and marks (not the digits)
_YEAR = re.compile(r"(?:พ\.\s?ศ\.|ค\.\s?ศ\.|B\.E\.)\s*[0-9๐-๙]{4}")
_STEP = re.compile(r"(?:(?<=\s)|^)([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})?[.)])[ \t]+(?=\S)")
_SPACES = re.compile(r"[ \t]+")
# Words of the ITA that the general dictionary lacks or cuts
DOMAIN_WORDS = ("ตัวชี้วัด", "แบบวัด", "แบบตรวจ", "ผู้มีส่วนได้ส่วนเสีย", "ความโปร่งใส", "เกณฑ์เป้าหมาย",
                "ปีงบประมาณ", "โครงการ", "คุณธรรม", "การประเมิน", "ผู้รับผิดชอบ",
                "ระยะเวลา", "ข้อเสนอแนะ", "ผู้บังคับบัญชา", "ใต้บังคับบัญชา", "เจตจำนง", "ธรรมาภิบาล",
                "ผลประโยชน์ทับซ้อน", "ประพฤติมิชอบ", "ทรัพย์สินของราชการ", "องค์การบริหารส่วนตำบล",
                "องค์การบริหารส่วนจังหวัด", "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร", "ส่วนราชการ",
                "บันทึกข้อความ", "จุดแข็ง", "จุดที่ต้องพัฒนา", "ร้อยละ", "รายละเอียด")


@cache
def _dictionary():
    """pythainlp's word list with the ITA's words, as the trie its segmenters take (built once)."""
    pythainlp_read_only()
    from pythainlp.corpus import thai_words
    return Dictionary(set(thai_words()) | set(DOMAIN_WORDS))


class Dictionary:
    """The words, as pythainlp's segmenters ask about them (``prefixes``, ``in``), in a compiled trie
    (marisa-trie): pythainlp's own trie, built word by word in Python, took 0.6 s of every process,
    more than the rest of a ``convert``; this one takes 0.05 s and answers the same."""

    def __init__(self, words):
        import marisa_trie
        words = {word.strip() for word in words} - {""}
        self.trie = marisa_trie.Trie(words)
        self.longest = max(map(len, words), default=0)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text`` begins with at ``start``, shortest first (as pythainlp's trie)."""
        return self.trie.prefixes(text[start:start + self.longest])

    def __contains__(self, word: str) -> bool:
        return word in self.trie

    def __len__(self) -> int:
        return len(self.trie)


def _boundaries(words: list[str]) -> set[int]:
    ends, at = set(), 0
    for word in words[:-1]:
        at += len(word)
        ends.add(at)
    return ends


@lru_cache(maxsize=8192)
def thai_words(run: str) -> tuple[str, ...]:
    """A run of Thai letters cut into words where both segmenters agree on a boundary."""
    if len(run) <= 2:
        return (run,)
    trie = _dictionary()
    from pythainlp.tokenize import word_tokenize
    agreed = _boundaries(word_tokenize(run, custom_dict=trie, engine="newmm")) & \
        _boundaries(word_tokenize(run, custom_dict=trie, engine="longest"))
    cuts = [0, *sorted(agreed), len(run)]
    return tuple(run[a:b] for a, b in zip(cuts, cuts[1:]))


_CLUSTER_START = re.compile("(?<![\u0e40-\u0e44])(?=[^\u0e31\u0e33-\u0e3a\u0e45\u0e47-\u0e4e\u0e30\u0e32])")


@lru_cache(maxsize=8192)
def _joined(word: str) -> str:
    """A word's clusters joined: no program may break inside it. A cluster is a consonant with its
    marks and following vowels (a leading vowel เ แ โ ใ ไ stays with the consonant after it): no
    joiner ever separates a mark from its letter, which would unsettle how it is drawn."""
    return JOIN.join(piece for piece in _CLUSTER_START.split(word) if piece)


def _mark_free(text: str) -> str:
    """Text outside kept spans: words of each Thai run joined, a break between two of them."""
    return _THAI_RUN.sub(lambda run: BREAK.join(_joined(w) for w in thai_words(run.group())), text)


def _mark_kept(text: str) -> str:
    """A span kept whole: its Thai runs joined through, and (a short span: a person's name, a year)
    its spaces no-break; a longer one, such as an English tool name, may still break at a space."""
    if len(text) <= KEPT_WHOLE:
        text = _SPACES.sub(NO_BREAK_SPACE, text)
    return _THAI_RUN.sub(lambda run: _joined(run.group()), text)


class LineBreaks:
    """Marks the break opportunities of texts, keeping ``kept`` spans (names) whole."""

    def __init__(self, kept: Iterable[str] = ()):
        spans = sorted({" ".join(k.split()) for k in kept if k and k.strip()}, key=len, reverse=True)
        alternatives = [_YEAR.pattern] + [r"\s+".join(map(re.escape, span.split(" "))) for span in spans]
        self._kept = re.compile("|".join(alternatives))

    def mark(self, text: str) -> str:
        """``text`` with its break opportunities written in (and any marks it had replaced)."""
        if not text:
            return text
        text = _STEP.sub(lambda m: m.group(1) + NO_BREAK_SPACE, unmark(text))
        pieces, at = [], 0
        for found in self._kept.finditer(text):
            pieces += [_mark_free(text[at:found.start()]), _edge(text, found.start()),
                       _mark_kept(found.group()), _edge(text, found.end())]
            at = found.end()
        pieces.append(_mark_free(text[at:]))
        return "".join(pieces)


@lru_cache(maxsize=4096)
def mark(text: str) -> str:
    """``text`` with its break opportunities written in, no span kept whole but the years: for
    labels and headers (remembered, as they come again and again)."""
    return _PLAIN.mark(text)


def _edge(text: str, at: int) -> str:
    """A break where a kept span meets a Thai letter with no space between them."""
    inside = 0 < at < len(text)
    return BREAK if inside and _THAI_RUN.match(text[at - 1]) and _THAI_RUN.match(text[at]) else ""


def unmark(text: str) -> str:
    """The text without its break marks (no-break spaces become spaces): as a person typed it."""
    return text.replace(BREAK, "").replace(JOIN, "").replace(NO_BREAK_SPACE, " ")


def break_opportunities(text: str) -> list[str]:
    """The pieces of marked ``text`` between which a line may break (at spaces and break marks): what
    the tests compare a printed line's ends with."""
    return [piece for piece in re.split(f"[ {BREAK}\n]", text) if piece]


_PLAIN = LineBreaks()
