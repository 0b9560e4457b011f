"""The in-memory plan of the national M&E data (bench/national/monitoring.py writes it): documents, results
trees, indicator passports and the values each indicator reports, without touching the database.

Everything follows the rules the platform enforces on entry, so the data could have been typed in: periods in
the indicator's own frequency, only ended periods, full disaggregation cells with canonical keys, numerator
and denominator in every cell of a computed indicator (numerator never above denominator), percentages within
0–100, yes/no as 0 or 1; values not yet approved only in the periods still open for entry (and a few groups
of the last closed period still awaiting approval).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from common.models.directory import REGIONS
from monitoring import cells, periods

ENTRY_WINDOW = 60  # days after a period ends during which an agency may still enter its values
OFFICER_AGENCY = "RS"  # the demo M&E officer's agency, the Revenue Service
PFM_OWNER = "MOF"

# (key, unit, aggregation, direction, computed, dimensions, frequency, weight in the mix)
PROFILES = (
    ("count", "number", "sum", "increase", False, (), "quarterly", 12),
    ("share", "percentage", "last", "increase", True, (), "quarterly", 12),
    ("count", "number", "sum", "increase", False, ("sex",), "quarterly", 9),
    ("count", "number", "sum", "increase", False, ("region",), "quarterly", 8),
    ("share", "percentage", "last", "increase", True, ("region",), "quarterly", 8),
    ("share", "percentage", "last", "increase", True, ("region", "sex"), "quarterly", 16),
    ("count", "number", "sum", "increase", False, ("region", "sex"), "monthly", 10),
    ("share", "percentage", "last", "increase", True, ("sex",), "monthly", 6),
    ("stock", "number", "last", "increase", False, (), "annual", 6),
    ("rate", "percentage", "last", "increase", False, (), "semiannual", 5),
    ("done", "yes_no", "last", "increase", False, (), "annual", 3),
    ("days", "number", "average", "decrease", False, (), "quarterly", 5),
    ("share", "percentage", "last", "increase", True, ("region", "sex"), "monthly", 6),
    ("per10k", "number", "last", "decrease", True, ("region",), "quarterly", 3),
)
NAMES = {
    "count": [("Number of {x} served", "მომსახურებული {x} რაოდენობა"),
              ("Persons trained in {x}", "{x} სფეროში გადამზადებული პირები"),
              ("Applications processed: {x}", "დამუშავებული განაცხადები: {x}")],
    "share": [("Share of {x} completed on time", "ვადაში შესრულებული {x} წილი"),
              ("Share of {x} meeting the standard", "სტანდარტის შესაბამისი {x} წილი"),
              ("Citizens satisfied with {x}", "{x} კმაყოფილი მოქალაქეების წილი")],
    "stock": [("Institutions applying {x}", "{x} დანერგილი დაწესებულებები")],
    "rate": [("Compliance rate: {x}", "შესაბამისობის მაჩვენებელი: {x}")],
    "done": [("Legal framework for {x} adopted", "{x} სამართლებრივი ჩარჩო მიღებულია")],
    "days": [("Average processing time, days: {x}", "დამუშავების საშუალო ვადა, დღე: {x}")],
    "per10k": [("Complaints per 10,000 transactions: {x}", "საჩივრები 10 000 ოპერაციაზე: {x}")],
}
PFM_THEMES = [
    ("budget planning", "ბიუჯეტის დაგეგმვა"), ("revenue administration", "შემოსავლების ადმინისტრირება"),
    ("tax compliance", "საგადასახადო შესაბამისობა"), ("customs clearance", "საბაჟო გაფორმება"),
    ("public procurement", "სახელმწიფო შესყიდვები"), ("internal audit", "შიდა აუდიტი"),
    ("treasury operations", "სახაზინო ოპერაციები"), ("public debt management", "სახელმწიფო ვალის მართვა"),
    ("fiscal transparency", "ფისკალური გამჭვირვალობა"), ("public investment", "საჯარო ინვესტიციები"),
    ("public sector accounting", "საჯარო სექტორის აღრიცხვა"), ("state property", "სახელმწიფო ქონება"),
]
SECTOR_THEMES = [
    ("service quality", "მომსახურების ხარისხი"), ("digital services", "ციფრული სერვისები"),
    ("workforce development", "კადრების განვითარება"), ("regional access", "რეგიონული ხელმისაწვდომობა"),
    ("transparency", "გამჭვირვალობა"), ("infrastructure", "ინფრასტრუქტურა"), ("inclusion", "ინკლუზიურობა"),
    ("efficiency", "ეფექტიანობა"),
]
STATUS_WORDS = {"fully": "fully implemented", "mostly": "mostly implemented", "partially": "partially implemented",
                "not": "not implemented"}
SENTENCES = (
    "The procurement of the software was completed and the contractor delivered the first release.",
    "Training of regional staff continued; the remaining regions are scheduled for the next half-year.",
    "Delays in the approval of the implementing regulation postponed the roll-out by one quarter.",
    "Budget execution reached the planned level; savings from the tender were redirected to equipment.",
    "The working group met four times and agreed the methodology with the partner agencies.",
    "A pilot in Imereti and Kakheti was evaluated positively and is being extended to the other regions.",
    "Staff turnover in the responsible unit slowed the work; two vacancies were filled in the period.",
    "Consultations with civil society organisations were held and their comments are reflected in the draft.",
)
REGION_WEIGHTS = {"Tbilisi": 0.32, "Adjara": 0.09, "Imereti": 0.14, "Kvemo Kartli": 0.11, "Kakheti": 0.08,
                  "Abkhazia": 0.01}


@dataclass
class DocumentPlan:
    code: str
    prefix: str
    kind: str
    title_ka: str
    title_en: str
    owner: Any
    units: list[Any]  # agencies that carry its indicators and activities
    start: date
    end: date
    legal_act: str
    published: bool
    themes: list[tuple[str, str]]
    indicators: int
    activities: int
    officer_share: float = 0.0  # share of indicators and activities the Revenue Service carries


@dataclass(eq=False)
class Node:
    code: str
    level: int
    title_en: str
    title_ka: str
    position: int
    parent: Node | None
    responsible: Any
    theme: tuple[str, str]
    budget: float | None = None
    partners: list[Any] = field(default_factory=list)
    id: int = 0


@dataclass(eq=False)
class IndicatorPlan:
    doc: DocumentPlan
    node: Node
    code: str
    position: int
    kind: str
    unit: str
    aggregation: str
    direction: str
    computed: bool
    dimensions: dict[str, list[str]]
    frequency: str
    responsible: Any
    name_en: str
    name_ka: str
    baseline: float | None
    goal: float
    pace: float  # how far along its plan the indicator runs: most on track, some behind
    scale: float  # the size of its counts (per period, before the cell split)
    today: date
    skip: int = 0  # earliest periods without data (reporting started later)
    id: int = 0
    cells: list[tuple[str, int, float]] = field(default_factory=list)

    @property
    def level(self) -> str:
        return "outcome" if self.node.level < 2 else "output"

    @property
    def factor(self) -> float:
        return 10_000 if self.kind == "per10k" else 100 if self.computed else 1

    @property
    def definition(self) -> str:
        return f"{self.name_en}. Counted by the responsible agency from its register at the end of each period."

    @property
    def source(self) -> str:
        return "" if self.position % 17 == 5 else f"{self.responsible.name_en}, administrative register"

    @property
    def method(self) -> str:
        return "Numerator ÷ denominator × factor" if self.computed else "Reported value"

    @property
    def tags(self) -> list[str]:
        return ["SDG 16.6"] if self.level == "outcome" and self.position % 4 == 0 else []

    @property
    def components(self) -> tuple[str, ...]:
        return ("numerator", "denominator") if self.computed else ("value",)

    @property
    def all_periods(self) -> list[str]:
        return ended_periods(self.frequency, self.doc.start, min(self.today, self.doc.end), self.today)

    @property
    def periods(self) -> list[str]:
        return self.all_periods[self.skip:]

    @property
    def per_period(self) -> int:
        return max(1, len(self.cells)) * len(self.components)

    @property
    def value_count(self) -> int:
        return self.per_period * len(self.periods)

    @property
    def targets(self) -> dict[int, float]:
        years = range(self.doc.start.year, self.doc.end.year + 1)
        base = self.baseline or 0.0
        return {y: round(base + (self.goal - base) * (i + 1) / len(years), 1) for i, y in enumerate(years)}

    def revised_target(self, value: float) -> float:
        return round(value * (0.9 if self.direction == "increase" else 1.1), 1) if self.unit != "yes_no" else value

    def level_at(self, period: str) -> float:
        """Where the indicator stands at the end of ``period`` on its way from the baseline to the final goal."""
        start = periods.year_end(self.doc.start.year - 1)
        share = (periods.parse(period).end - start).days / max(1, (self.doc.end - start).days)
        base = self.baseline if self.baseline is not None else self.goal * 0.5
        return base + (self.goal - base) * share * self.pace

    def cell_values(self, period: str, rng: random.Random) -> list[tuple[str, int, str, float]]:
        """Every (cell, depth, component, value) of one period; the total cell alone when not disaggregated."""
        level, found = self.level_at(period), []
        for key, depth, weight in self.cells or [("", 0, 1.0)]:
            if self.computed:
                point = max(0.0, level + rng.uniform(-3, 3) * (1 if self.unit == "percentage" else 0.1))
                denominator = max(1, round(self.scale * weight * rng.uniform(0.8, 1.2)))
                numerator = min(denominator, round(denominator * point / self.factor))
                found += [(key, depth, "numerator", float(numerator)), (key, depth, "denominator", float(denominator))]
            elif self.unit == "yes_no":
                found.append((key, depth, "value", 1.0 if level >= 0.5 else 0.0))
            elif self.aggregation == "sum":
                found.append((key, depth, "value", float(round(self.scale * weight * rng.uniform(0.8, 1.2)))))
            elif self.unit == "percentage":
                found.append((key, depth, "value", round(min(100.0, max(0.0, level * rng.uniform(0.98, 1.02))), 1)))
            else:
                found.append((key, depth, "value", round(max(0.5, level * rng.uniform(0.96, 1.04)), 1)))
        return found


@lru_cache(maxsize=64)
def ended_periods(frequency: str, start: date, end: date, today: date) -> list[str]:
    """The periods of ``frequency`` between ``start`` and ``end`` that have ended by ``today`` (shared, never
    changed: every series of a document reads the same list)."""
    return [p for p in periods.periods_between(frequency, start, end) if periods.parse(p).end < today]


def documents(size: int, units: list[Any], today: date, rng: random.Random) -> list[DocumentPlan]:
    """One large PFM strategy, then a strategy or action plan per ministry in turn: ``size // 4,000`` in all."""
    ministries = [u for u in units if u.depth == 0 and u.kind == "ministry"]
    children = {m.id: [u for u in units if u.parent_id == m.id and u.kind in ("agency", "department")]
                for m in ministries}
    owner = next((m for m in ministries if m.code == PFM_OWNER), ministries[0])
    start, end = date(today.year - 4, 1, 1), date(today.year + 1, 12, 31)
    total, big = max(10, size // 50), max(8, size // 250)
    count = max(3, size // 4_000)
    found = [DocumentPlan(f"PFM-{start.year}", "PFM", "strategy",
                          f"საჯარო ფინანსების მართვის რეფორმის სტრატეგია {start.year}–{end.year}",
                          f"Public Finance Management Reform Strategy {start.year}–{end.year}", owner,
                          [owner, *children[owner.id]], start, end, f"Government Decree No. 412 of {start.year}",
                          True, PFM_THEMES, big, max(6, size // 400), officer_share=0.3)]
    rest = count - 1
    weights = [rng.uniform(0.6, 1.4) for _ in range(rest)]
    for index in range(rest):
        ministry = ministries[index % len(ministries)]
        strategy = index < len(ministries)
        first = start if strategy else date(today.year - 1, 1, 1)
        last = end if strategy else date(today.year, 12, 31)
        share = round((total - big) * weights[index] / sum(weights)) if index < rest - 1 else \
            total - big - sum(d.indicators for d in found[1:])
        kind_en, kind_ka = ("Sectoral Development Strategy", "დარგობრივი განვითარების სტრატეგია") if strategy else \
            ("Action Plan", "სამოქმედო გეგმა")
        code = f"{ministry.code}-{'SDS' if strategy else 'AP'}-{first.year}"
        found.append(DocumentPlan(code, f"{ministry.code}{'S' if strategy else 'A'}{index // len(ministries) or ''}",
                                  "strategy" if strategy else "action_plan",
                                  f"{ministry.name_ka}: {kind_ka} {first.year}–{last.year}",
                                  f"{ministry.name_en}: {kind_en} {first.year}–{last.year}", ministry,
                                  [ministry, *children[ministry.id]], first, last,
                                  f"Government Resolution No. {100 + index} of {first.year}",
                                  strategy or index % 2 == 0, SECTOR_THEMES, max(1, share), max(2, share // 2)))
    return found


def tree(doc: DocumentPlan, rng: random.Random) -> list[list[Node]]:
    """Goals, objectives (about four per goal) and outputs (the activities) spread over the objectives."""
    goals = max(2, min(6, doc.indicators // 60 + 2))
    objectives = max(goals, min(goals * 4, doc.activities // 3 or 1))
    levels: list[list[Node]] = [[], [], []]
    for g in range(goals):
        theme = doc.themes[g % len(doc.themes)]
        levels[0].append(Node(str(g + 1), 0, f"Better {theme[0]}", f"{theme[1]}: გაუმჯობესება", g, None, None, theme))
    for o in range(objectives):
        goal = levels[0][o % goals]
        number = sum(1 for n in levels[1] if n.parent is goal) + 1
        theme = doc.themes[(o + goal.position) % len(doc.themes)]
        levels[1].append(Node(f"{goal.code}.{number}", 1, f"{theme[0].capitalize()} strengthened",
                              f"{theme[1]}: გაძლიერება", o, goal, _responsible(doc, o, rng), theme))
    for a in range(doc.activities):
        objective = levels[1][a % objectives]
        number = sum(1 for n in levels[2] if n.parent is objective) + 1
        node = Node(f"{objective.code}.{number}", 2, f"{objective.theme[0].capitalize()}: measure {number} delivered",
                    f"{objective.theme[1]}: ღონისძიება {number}", a, objective, _responsible(doc, a, rng),
                    objective.theme, budget=float(rng.randrange(50, 2_000) * 1_000))
        node.partners = rng.sample(doc.units, k=min(len(doc.units), rng.choice((0, 0, 1, 2))))
        node.partners = [p for p in node.partners if p is not node.responsible]
        levels[2].append(node)
    return levels


def _responsible(doc: DocumentPlan, index: int, rng: random.Random) -> Any:
    officer = next((u for u in doc.units if u.code == OFFICER_AGENCY), None)
    if officer is not None and rng.random() < doc.officer_share:
        return officer
    return doc.units[index % len(doc.units)]


def indicators(doc: DocumentPlan, levels: list[list[Node]], rng: random.Random, today: date) -> list[IndicatorPlan]:
    """The document's indicators: two in five measure objectives (outcomes), the rest outputs."""
    weights = [p[-1] for p in PROFILES]
    made = []
    for position in range(doc.indicators):
        key, unit, aggregation, direction, computed, dims, frequency, _w = rng.choices(PROFILES, weights)[0]
        node = rng.choice(levels[1] if position % 5 < 2 or not levels[2] else levels[2])
        theme = node.theme
        name_en, name_ka = rng.choice(NAMES[key])
        baseline, goal, scale = _numbers(key, unit, direction, rng)
        ind = IndicatorPlan(doc, node, f"{doc.prefix}-{position + 1:03d}", position, key, unit, aggregation,
                            direction, computed, {d: list(cells.BUILTIN[d]) for d in dims}, frequency,
                            node.responsible or _responsible(doc, position, rng), name_en.format(x=theme[0]),
                            name_ka.format(x=theme[1]), baseline, goal,
                            rng.choice((1.05, 1.0, 1.0, 0.95, 0.92, 0.85, 0.75, 0.6)), scale, today)
        ind.cells = _cells(ind.dimensions)
        made.append(ind)
    return made


def _numbers(key: str, unit: str, direction: str, rng: random.Random) -> tuple[float | None, float, float]:
    """Baseline (``None``: not available), final goal and the size of a period's counts, by kind."""
    if key == "count":
        return 0.0, float(rng.randrange(20, 400) * 100), float(rng.randrange(50, 2_000))
    if key == "share":
        base = float(rng.randrange(20, 70))
        return (None if rng.random() < 0.05 else base), float(min(98, base + rng.randrange(10, 30))), \
            float(rng.randrange(200, 1_500))
    if key == "stock":
        base = float(rng.randrange(2, 40))
        return base, base * rng.uniform(1.5, 3), 0.0
    if key == "rate":
        base = float(rng.randrange(40, 80))
        return base, float(min(100, base + rng.randrange(5, 20))), 0.0
    if key == "done":
        return 0.0, 1.0, 0.0
    if key == "days":
        base = float(rng.randrange(20, 90))
        return base, round(base * rng.uniform(0.4, 0.7)), 0.0
    base = float(rng.randrange(8, 20))  # per 10,000
    return base, round(base * 0.5, 1), float(rng.randrange(40_000, 90_000))


def _cells(dimensions: dict[str, list[str]]) -> list[tuple[str, int, float]]:
    if not dimensions:
        return []
    rest = (1 - sum(REGION_WEIGHTS.values())) / (len(REGIONS) - len(REGION_WEIGHTS))
    found = []
    for key in cells.full_cells(dimensions):
        parts = cells.parse(key)
        weight = {"female": 0.56, "male": 0.44}.get(parts.get("sex", ""), 1.0)
        if "region" in parts:
            weight *= REGION_WEIGHTS.get(parts["region"], rest)
        found.append((key, len(parts), weight))
    return found


def fit_budget(indicators: list[IndicatorPlan], budget: int, rng: random.Random) -> None:
    """Bring the number of values to about ``budget``: more monthly series while short of it, then later
    starts of reporting (the earliest periods left empty) on the heaviest series while above it."""
    total = sum(i.value_count for i in indicators)
    upgradable = [i for i in indicators if i.frequency == "quarterly" and "region" in i.dimensions]
    rng.shuffle(upgradable)
    while total < budget and upgradable:
        ind = upgradable.pop()
        total -= ind.value_count
        ind.frequency = "monthly"
        total += ind.value_count
    heavy = sorted((i for i in indicators if len(i.periods) > 6), key=lambda i: -i.per_period)
    while total > budget and heavy:
        for ind in list(heavy):
            if total - ind.per_period < budget or len(ind.periods) <= 6:
                heavy.remove(ind)
                continue
            ind.skip += 1
            total -= ind.per_period


def status_of(series: list[str], index: int, today: date, rng: random.Random) -> str:
    """The status of period ``series[index]``: approved once the period has closed (a few groups of the last
    closed one still awaiting approval); while entry is open, a mix of approved, submitted, draft and returned."""
    if periods.is_closed(series[index], ENTRY_WINDOW, today):
        last = index == len(series) - 1 or not periods.is_closed(series[index + 1], ENTRY_WINDOW, today)
        return "submitted" if last and rng.random() < 0.05 else "approved"
    return rng.choices(("approved", "submitted", "draft", "returned"), weights=(30, 45, 15, 10))[0]


def narrative(node: Node, half: str, status: str, rng: random.Random) -> str:
    return f"{node.title_en} ({half}): {STATUS_WORDS[status]}. " + " ".join(rng.sample(SENTENCES, 2))
