"""What changed while someone was typing: a refused save (another person saved the appraisal first) keeps what the
person typed and lists, field by field, where the saved appraisal now differs from it.

Pure comparison of two forms of the same kind: the one posted, and the one built from the appraisal as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SKIPPED = {"CSRFTokenField", "HiddenField", "FieldList", "FormField", "BooleanField", "SubmitField"}


@dataclass
class Difference:
    label: str
    saved: str  # what the appraisal holds now
    typed: str  # what the person typed


def _shown(field: Any) -> str:
    value = "" if field.data is None else str(field.data)
    if field.type == "SelectField":
        value = next((str(text) for key, text in field.choices if str(key) == value), value)
    return value or "—"


def _fields(form: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """The simple fields of a form, rows of a list flattened as "<row> · <label>"."""
    out: list[tuple[str, Any]] = []
    for name, field in form._fields.items():
        if field.type == "FieldList":
            for n, entry in enumerate(field.entries, start=1):
                inner = entry.form if entry.type == "FormField" else None
                out += _fields(inner, f"{prefix}{n} · ") if inner is not None else [(f"{name}-{n}", entry)]
        elif name != "version" and field.type not in SKIPPED:
            out.append((prefix + name, field))
    return out


def changed_meanwhile(typed: Any, saved: Any) -> list[Difference]:
    """Each simple field whose saved value differs from the typed one (the version field left out)."""
    now = dict(_fields(saved))
    differences = []
    for key, field in _fields(typed):
        current = now.get(key)
        if current is None or str(field.data or "").strip() == str(current.data or "").strip():
            continue
        label = str(field.label.text)
        if " · " in key:
            label = f"{key.rsplit(' · ', 1)[0]} · {label}"
        differences.append(Difference(label, _shown(current), _shown(field)))
    return differences
