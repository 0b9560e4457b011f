"""Questions in Moodle's GIFT text format, for a shared bank's import (beside XLSX/CSV in ``question_import``).

Supported: single and multiple choice (``{=right ~wrong}``, ``{~%50%a ~%50%b ~%-100%c}``), true/false (``{T}``,
``{FALSE}``), numeric (``{#5}``, ``{#5:0.5}``, ``{#4..6}``), matching (``{=term -> match ...}``), an optional
``::title::``, per-answer feedback (``#...``, dropped) and general feedback (``####...``), ``//`` comments and
the ``\\`` escapes of ``~ = # { } :``. GIFT has one language: the text is used for Georgian and English alike.
Other question types (essay, short answer, missing word with text after the braces) are refused by line.
"""

from __future__ import annotations

import re
from typing import Any

from common.i18n import lazy_gettext as _l

ESCAPES = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05", "\\:": "\x06",
           "\\n": "\n"}
RESTORE = {"\x01": "~", "\x02": "=", "\x03": "#", "\x04": "{", "\x05": "}", "\x06": ":"}


def _restore(text: str) -> str:
    for code, char in RESTORE.items():
        text = text.replace(code, char)
    return re.sub(r"^\[(html|moodle|plain|markdown)\]", "", text.strip()).strip()


def _blocks(text: str) -> list[tuple[int, str]]:
    """The questions (first line number, text), split at blank lines, comments dropped."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def _answers(block: str) -> tuple[list[tuple[str, str]], str]:
    """(marker, text) of each ``=``/``~`` answer, per-answer feedback dropped, and the general feedback."""
    general = ""
    if "####" in block:
        block, general = block.split("####", 1)
    found = [(m.group(1), m.group(2).split("#", 1)[0].strip())
             for m in re.finditer(r"([=~])([^=~]*)", block)]
    return found, _restore(general)


def _question(text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One GIFT question as ``save_question`` values and choices; ``ValueError`` with what is wrong."""
    for escape, code in ESCAPES.items():
        text = text.replace(escape, code)
    text = re.sub(r"^::.*?::", "", text.strip(), flags=re.S).strip()
    opened, closed = text.find("{"), text.rfind("}")
    if opened < 0 or closed < opened:
        raise ValueError(str(_l("no answer block in braces { }.")))
    if text[closed + 1:].strip():
        raise ValueError(str(_l("only questions with the answers at the end are supported.")))
    stem, block = _restore(text[:opened]), text[opened + 1:closed].strip()
    if not stem:
        raise ValueError(str(_l("the question text is empty.")))
    values: dict[str, Any] = {"text_ka": stem, "text_en": stem, "points": 1, "active": True,
                              "numeric_tolerance": 0.0, "feedback_ka": "", "feedback_en": ""}
    head = block.split("#", 1)[0].strip().upper() if not block.startswith("#") else ""
    if head in ("T", "TRUE", "F", "FALSE"):
        general = _restore(block.split("####", 1)[1]) if "####" in block else ""
        return values | {"kind": "true_false", "true_answer": head.startswith("T"),
                         "feedback_ka": general, "feedback_en": general}, []
    if block.startswith("#") and not block.startswith("####"):
        spec = block[1:].split("####", 1)[0].strip().lstrip("=").split("#", 1)[0].strip()
        if ".." in spec:
            low, high = (_number(part) for part in spec.split("..", 1))
            answer = None if low is None or high is None else (low + high) / 2
            tolerance = None if answer is None else (high - low) / 2  # type: ignore[operator]
        else:
            answer, _sep, margin = spec.partition(":")
            answer, tolerance = _number(answer), (_number(margin) if margin else 0.0)
        if answer is None or tolerance is None:
            raise ValueError(str(_l("the numeric answer is not a number.")))
        return values | {"kind": "numeric", "numeric_answer": answer, "numeric_tolerance": tolerance}, []
    answers, general = _answers(block)
    values |= {"feedback_ka": general, "feedback_en": general}
    if not answers:
        raise ValueError(str(_l("no answers (each starts with = or ~).")))
    if any("->" in answer for _marker, answer in answers):
        pairs = [answer.split("->", 1) for _marker, answer in answers]
        if any(len(pair) != 2 or not pair[0].strip() or not pair[1].strip() for pair in pairs):
            raise ValueError(str(_l("each matching answer must be written as =term -> match.")))
        return values | {"kind": "matching"}, [
            {"text_ka": _restore(a), "text_en": _restore(a), "match_ka": _restore(b), "match_en": _restore(b),
             "correct": False} for a, b in pairs]
    choices, weighted = [], False
    for marker, answer in answers:
        weight = re.match(r"%(-?\d+(?:\.\d+)?)%", answer)
        weighted = weighted or weight is not None
        correct = marker == "=" or (weight is not None and float(weight.group(1)) > 0)
        answer = _restore(answer[weight.end():] if weight else answer)
        choices.append({"text_ka": answer, "text_en": answer, "correct": correct})
    kind = "multiple" if weighted or sum(c["correct"] for c in choices) > 1 else "single"
    return values | {"kind": kind}, choices


def parse_gift(text: str) -> tuple[list[tuple[int, dict[str, Any], list[dict[str, Any]]]], list[str]]:
    """(line, values, choices) of every question, and the problems, each naming the question's first line."""
    parsed, errors = [], []
    for line, block in _blocks(text):
        try:
            values, choices = _question(block)
        except ValueError as error:
            errors.append(str(_l("Question on line %(line)d: %(problem)s", line=line, problem=str(error))))
        else:
            parsed.append((line, values, choices))
    return parsed, errors
