"""Building courses for the learning tests through the module's own operations (no actor: the system)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from learning import operations as ops
from learning.models import Course, Lesson

QUESTIONS = [
    # (kind, text, choices as (text, correct[, match]) or numeric answer)
    ("single", "Which password is strongest?", [("Summer2024", False), ("correct-horse-battery-staple-91", True),
                                                 ("P@ssw0rd", False)]),
    ("multiple", "Which are signs of phishing?", [("Urgent threat", True), ("Look-alike domain", True),
                                                  ("Your colleague's usual signature", False)]),
    ("true_false", "Public Wi-Fi is safe for official work without a VPN.", False),
    ("matching", "Match the term to its meaning.", [("MFA", None, "Two or more proofs of identity"),
                                                    ("VPN", None, "Encrypted tunnel"),
                                                    ("Patch", None, "Software fix")]),
    ("numeric", "How many characters long is 'phish'?", 5),
]


def question_values(kind: str, text: str, spec: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    values: dict[str, Any] = {"kind": kind, "text_ka": text + " (ka)", "text_en": text, "points": 1,
                              "feedback_en": f"Feedback: {text}", "feedback_ka": "განმარტება"}
    choices: list[dict[str, Any]] = []
    if kind == "true_false":
        values["true_answer"] = spec
    elif kind == "numeric":
        values["numeric_answer"], values["numeric_tolerance"] = spec, 0
    else:
        for item in spec:
            choice = {"text_ka": item[0], "text_en": item[0], "correct": bool(item[1])}
            if kind == "matching":
                choice |= {"match_ka": item[2], "match_en": item[2]}
            choices.append(choice)
    return values, choices


def make_course(code: str = "CYB-101", *, title: str = "Cyber hygiene basics", published: bool = True,
                text_lessons: int = 2, quiz: dict[str, Any] | None = None, questions: int | None = None,
                self_enrol: bool = True, provider: Any = None, **extra: Any) -> Course:
    """A course with one section of text lessons and, unless ``quiz`` is False-y, a quiz over the question bank."""
    course = ops.create_course({"code": code, "title_ka": f"{title} (ka)", "title_en": title,
                                "summary_ka": "მოკლე აღწერა", "summary_en": f"About {title}.",
                                "category": "cyber_hygiene", "level": "basic", "language": "ka_en",
                                "duration_minutes": 45, "cpd_hours": Decimal("1.5"), "self_enrol": self_enrol,
                                "enrol_approval": False, "provider_unit_id": provider.id if provider else None,
                                **extra}, actor=None)
    section = ops.add_section(course, "ნაწილი 1", "Part 1", actor=None)
    for n in range(1, text_lessons + 1):
        ops.save_lesson(section, {"kind": "text", "title_ka": f"გაკვეთილი {n}", "title_en": f"Lesson {n}",
                                  "required": True, "body_ka": "<p>ტექსტი</p>", "body_en": f"<p>Text {n}</p>"},
                        actor=None)
    if quiz is not False:
        settings = {"quiz_draw": 5, "quiz_attempts": 3, "quiz_minutes": 10, "quiz_pass_percent": 60} | (quiz or {})
        ops.save_lesson(section, {"kind": "quiz", "title_ka": "ტესტი", "title_en": "Quiz", "required": True,
                                  **settings}, actor=None)
        bank = QUESTIONS if questions is None else [QUESTIONS[i % len(QUESTIONS)] for i in range(questions)]
        for kind, text, spec in bank:
            values, choices = question_values(kind, text, spec)
            ops.save_question(course, values, choices, actor=None)
    if published:
        ops.set_published(course, True, actor=None)
    return course


def quiz_of(course: Course) -> Lesson:
    return next(lesson for section in course.sections for lesson in section.lessons if lesson.kind == "quiz")


def text_lessons(course: Course) -> list[Lesson]:
    return [lesson for section in course.sections for lesson in section.lessons if lesson.kind != "quiz"]


def correct_responses(attempt: Any) -> dict[str, Any]:
    """The right answer to every question drawn for ``attempt``, in the form ``submit_attempt`` takes."""
    from learning.operations.quiz import drawn_questions

    responses: dict[str, Any] = {}
    for q in drawn_questions(attempt):
        right = [c.id for c in q.choices if c.correct]
        if q.kind in ("single", "true_false"):
            responses[str(q.id)] = right[0]
        elif q.kind == "multiple":
            responses[str(q.id)] = right
        elif q.kind == "matching":
            responses[str(q.id)] = {str(c.id): c.id for c in q.choices}
        else:
            responses[str(q.id)] = str(q.numeric_answer)
    return responses


def form_data(attempt: Any, responses: dict[str, Any]) -> dict[str, Any]:
    """The same responses as the attempt page's form would post them."""
    from learning.operations.quiz import drawn_questions

    data: dict[str, Any] = {}
    for q in drawn_questions(attempt):
        value = responses[str(q.id)]
        if q.kind == "matching":
            data |= {f"q{q.id}_{left}": str(right) for left, right in value.items()}
        elif q.kind == "multiple":
            data[f"q{q.id}"] = [str(v) for v in value]
        else:
            data[f"q{q.id}"] = str(value)
    return data
