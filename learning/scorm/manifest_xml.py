"""Reading manifest XML by local name, whatever the namespace prefix and case authoring tools chose
(``adlcp:scormtype`` or ``adlcp:scormType``, ``imsss:sequencing`` under any prefix)."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element


def local_name(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children_of(element: Element | None, name: str) -> list[Element]:
    """Children by local name, whatever the case (``adlcp:datafromlms`` or ``adlcp:dataFromLMS``)."""
    wanted = name.lower()
    return [child for child in (element if element is not None else []) if local_name(child.tag).lower() == wanted]


def child_of(element: Element | None, name: str) -> Element | None:
    found = children_of(element, name)
    return found[0] if found else None


def text_of(element: Element | None, name: str) -> str:
    child = child_of(element, name)
    return (child.text or "").strip() if child is not None else ""


def attribute_of(element: Element, name: str) -> str:
    """An attribute by local name, whatever its namespace (``adlcp:scormtype`` or ``adlcp:scormType``)."""
    for key, value in element.attrib.items():
        if local_name(key).lower() == name.lower():
            return value.strip()
    return ""
