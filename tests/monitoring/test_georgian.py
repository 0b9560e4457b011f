"""Georgian everywhere, data included (issue 18): with the demo data, the strategy page, the indicator passport and
the monitoring-report PDF in Georgian show none of the English words the issue found (level names, regions, sex,
passport labels, legal act, source, method, numerator and denominator, narratives); a text entered only in English
is shown with a marker, never passed off as Georgian."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from common.models import User
from monitoring.models import Indicator, PolicyDocument
from tests.monitoring.test_demo import demo  # noqa: F401 - the ``flask demo`` data

ENGLISH = [
    "Goal", "Objective", "Output", "Tbilisi", "Imereti", "Adjara", "Kakheti", "female", "male", "Female", "Male",
    "Region", "Sex", "Name in Georgian", "Source of verification", "Calculation method", "Numerator", "Denominator",
    "Government Decree", "Decree", "information system", "Agency records", "annual report", "Reported value",
    "Cases meeting", "All cases", "implemented in", "Fully implemented", "Partially", "Revenue Service",
]


def _visible_text(html: str) -> str:
    """What a reader sees: the body without tags, scripts or styles (attribute values and URLs left out)."""
    body = html[html.find("<body"):]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _english_words(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text)]


def _georgian_client(login_as, db, email):
    user = db.session.execute(select(User).where(User.email == email)).scalar_one()
    client = login_as(user)
    client.post("/auth/language", data={"lang": "ka", "next": "/"})
    return client


def test_the_strategy_page_and_passports_in_georgian_show_no_english(demo, db, login_as):  # noqa: F811
    client = _georgian_client(login_as, db, "approver@demo.gov.ge")
    document = db.session.execute(select(PolicyDocument)).scalar_one()
    page = client.get(f"/me/documents/{document.id}").get_data(as_text=True)
    text = _visible_text(page)
    assert "მიზანი 1:" in text and "ამოცანა 1.1:" in text and "შუალედური შედეგი 1.1.1:" in text
    assert "№629 დადგენილება" in text
    assert _english_words(text) == [], _english_words(text)
    for code in ("PAR-26", "PAR-30", "PAR-03"):  # regions; sex and region; sex
        indicator = db.session.execute(select(Indicator).where(Indicator.code == code)).scalar_one()
        passport = _visible_text(client.get(f"/me/indicators/{indicator.id}").get_data(as_text=True))
        assert "ინდიკატორის დასახელება ქართულად" in passport and "სახელი და გვარი" not in passport
        assert _english_words(passport) == [], (code, _english_words(passport))
    result = next(n for n in document_nodes(db, document) if n.level == 2)
    narratives = _visible_text(client.get(f"/me/results/{result.id}").get_data(as_text=True))
    assert _english_words(narratives) == [], _english_words(narratives)


def georgian_pdf(client, url: str, data: dict) -> bytes:
    """The PDF a report job makes (run inline in tests), downloaded from its job page."""
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    download = client.get(response.headers["Location"] + "/file")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    return download.data


def document_nodes(db, document):
    from monitoring.models import ResultNode

    return db.session.execute(select(ResultNode).where(ResultNode.document_id == document.id)).scalars().all()


def test_the_georgian_monitoring_report_pdf_shows_no_english(demo, db, login_as):  # noqa: F811
    from tests.reports.test_exports_and_pdf import _pdf_text

    client = _georgian_client(login_as, db, "approver@demo.gov.ge")
    document = db.session.execute(select(PolicyDocument)).scalar_one()
    text = _pdf_text(georgian_pdf(client, "/reports/me/report", {"document": document.id, "lang": "ka"}))
    assert "სრულად შესრულდა" in text
    assert _english_words(text) == [], _english_words(text)


@pytest.mark.parametrize("lang, marker", [("ka", "[მხოლოდ ინგლისურად]"), ("en", None)])
def test_a_text_entered_only_in_english_is_marked_in_georgian(factory, me, db, login_as, lang, marker):
    indicator = factory.me_indicator(me.document, me.objective, source="Register of the agency", source_ka="")
    db.session.commit()
    client = login_as(me.officer)
    client.post("/auth/language", data={"lang": lang, "next": "/"})
    page = client.get(f"/me/indicators/{indicator.id}").get_data(as_text=True)
    assert '<span lang="en">Register of the agency</span>' in page if marker else "Register of the agency" in page
    assert (marker in page) if marker else "only in" not in page
