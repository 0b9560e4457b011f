"""``adlcp:prerequisites``: when an item of a SCORM 1.2 package may be launched, in the AICC script the manifest
uses (SCORM 1.2 CAM 2.3.2.5.1).

Supported: item identifiers (true when that item is completed or passed; a group when all its items are), ``~``
(not), ``&`` (and), ``|`` (or), parentheses, comparisons with a status (``item_1 = "failed"``, ``<>``, statuses
also as their initials P C B F N I), and sets (``2*{item_1,item_2,item_3}``: at least two of them; ``{...}``
alone: all). The expression is parsed at import, so a rule the player could not evaluate is refused then, naming
the item; at launch ``evaluate`` decides and ``describe`` says in the learner's language what is still needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from common.i18n import gettext as _
from learning.scorm.forms import STATUS_LABELS

DONE = ("completed", "passed")
STATUSES = {"p": "passed", "c": "completed", "b": "browsed", "f": "failed", "n": "not attempted", "i": "incomplete"}
_TOKEN = re.compile(r'\s*(?:(?P<op><>|[~&|()=,{}*])|"(?P<quoted>[^"]*)"|(?P<word>[^\s~&|()=<>,{}*"]+))')


class PrerequisiteError(ValueError):
    """The rule cannot be read (the importer turns this into a refusal naming the item)."""


@dataclass(frozen=True)
class Node:
    kind: str  # id, not, and, or, is, set
    args: tuple[Any, ...]


def _tokens(text: str) -> list[str]:
    tokens, at = [], 0
    text = text.strip()
    while at < len(text):
        match = _TOKEN.match(text, at)
        if not match or match.end() == at:
            raise PrerequisiteError(f"unexpected {text[at:at + 10]!r}")
        at = match.end()
        if match.group("quoted") is not None:
            tokens.append('"' + match.group("quoted"))
        else:
            tokens.append(match.group("op") or match.group("word"))
    return [t for t in tokens if t]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens, self.at = _tokens(text), 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PrerequisiteError(f"expected {expected or 'more'}, found {token or 'the end'}")
        self.at += 1
        return token

    def expression(self) -> Node:
        left = self.conjunction()
        while self.peek() == "|":
            self.take()
            left = Node("or", (left, self.conjunction()))
        return left

    def conjunction(self) -> Node:
        left = self.unary()
        while self.peek() == "&":
            self.take()
            left = Node("and", (left, self.unary()))
        return left

    def unary(self) -> Node:
        token = self.peek()
        if token == "~":
            self.take()
            return Node("not", (self.unary(),))
        if token == "(":
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        if token == "{":
            return Node("set", (None, *self.members()))
        word = self.take()
        if word in ("|", "&", ")", "}", ",", "=", "<>", "*") or word.startswith('"'):
            raise PrerequisiteError(f"unexpected {word}")
        if self.peek() == "*" and word.isdigit():
            self.take()
            return Node("set", (int(word), *self.members()))
        if self.peek() in ("=", "<>"):
            negate = self.take() == "<>"
            status = self.take().lstrip('"').strip().lower()
            status = STATUSES.get(status, status)
            if status not in STATUSES.values():
                raise PrerequisiteError(f"unknown status {status}")
            node = Node("is", (word, status))
            return Node("not", (node,)) if negate else node
        return Node("id", (word,))

    def members(self) -> list[str]:
        self.take("{")
        members = [self.take()]
        while self.peek() == ",":
            self.take()
            members.append(self.take())
        self.take("}")
        return members


def parse(text: str) -> Node | None:
    """The rule as a tree, None for an empty rule; ``PrerequisiteError`` if it cannot be read."""
    if not text.strip():
        return None
    parser = _Parser(text)
    node = parser.expression()
    if parser.peek() is not None:
        raise PrerequisiteError(f"unexpected {parser.peek()}")
    return node


def identifiers(node: Node | None) -> set[str]:
    if node is None:
        return set()
    if node.kind in ("id", "is"):
        return {node.args[0]}
    if node.kind == "set":
        return set(node.args[1:])
    return set().union(*(identifiers(child) for child in node.args))


def evaluate(node: Node | None, status: Callable[[str], str]) -> bool:
    """Whether the rule holds, given each identifier's status ("not attempted" when never launched)."""
    if node is None:
        return True
    kind, args = node.kind, node.args
    if kind == "id":
        return status(args[0]) in DONE
    if kind == "is":
        return status(args[0]) == args[1]
    if kind == "not":
        return not evaluate(args[0], status)
    if kind == "and":
        return evaluate(args[0], status) and evaluate(args[1], status)
    if kind == "or":
        return evaluate(args[0], status) or evaluate(args[1], status)
    done = sum(status(member) in DONE for member in args[1:])
    return done >= (len(args) - 1 if args[0] is None else args[0])


def describe(node: Node | None, title: Callable[[str], str]) -> str:
    """The rule in words, with the items' titles: “Part 1” and (“Part 2” or not “Part 3”)."""
    if node is None:
        return ""
    kind, args = node.kind, node.args
    if kind == "id":
        return f"“{title(args[0])}”"
    if kind == "is":
        label = str(STATUS_LABELS.get(args[1], args[1])).lower()
        return _("“%(item)s” is %(status)s", item=title(args[0]), status=label)
    if kind == "not":
        return _("not %(rule)s", rule=describe(args[0], title))
    if kind in ("and", "or"):
        parts = [describe(child, title) if child.kind in ("id", "is", "not", "set", kind) else
                 f"({describe(child, title)})" for child in args]
        return (_(" and ") if kind == "and" else _(" or ")).join(parts)
    members = ", ".join(f"“{title(member)}”" for member in args[1:])
    if args[0] is None:
        return _("all of %(items)s", items=members)
    return _("at least %(n)d of %(items)s", n=args[0], items=members)
