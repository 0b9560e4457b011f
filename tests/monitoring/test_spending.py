"""Activity spending is editable through the year (issue 18): each figure is kept with its date, the latest is the
activity's, and only the responsible agency's officers may record it."""

from __future__ import annotations

from monitoring.models import ActivitySpending


def test_spending_is_recorded_through_the_year_with_its_history(factory, me, db, login_as):
    activity = factory.me_result(me.document, parent=me.objective, code="1.1.1")
    activity.responsible_unit_id, activity.budget_planned = me.agency.id, 500_000
    db.session.commit()
    officer = login_as(me.officer)
    url = f"/me/results/{activity.id}/spending"
    assert officer.post(url, data={"amount": "120000", "as_of": "2025-03-31", "note": "First instalment"}
                        ).status_code == 302
    assert officer.post(url, data={"amount": "310000", "as_of": "2025-06-30", "note": ""}).status_code == 302
    refused = officer.post(url, data={"amount": "-5", "as_of": "2025-07-31"}).get_data(as_text=True)
    assert "Number must be at least 0." in refused or "0 or more" in refused
    page = officer.get(f"/me/results/{activity.id}").get_data(as_text=True)
    assert "310,000 ₾" in page and "120,000 ₾" in page and "First instalment" in page
    assert "spent 310,000 ₾" in page
    db.session.expire_all()
    assert [(s.as_of.isoformat(), s.amount) for s in db.session.query(ActivitySpending).order_by(
        ActivitySpending.as_of)] == [("2025-03-31", 120000.0), ("2025-06-30", 310000.0)]
    assert db.session.get(type(activity), activity.id).budget_spent == 310000.0
    assert login_as(me.other_officer).post(url, data={"amount": "1", "as_of": "2025-06-30"}).status_code in (403, 404)
