"""The dashboards' index page is kept drawn around its header per language and mount point
(``reports.dash.SuiteDash._kept_page``): each request still shows its own person, messages, language and page token."""

from __future__ import annotations

import re

from tests.reports.helpers import build_ministry


def _header_user(page: str) -> str:
    return re.search(r'<span class="header__user">([^<]*)</span>', page).group(1)


def _end_id(page: str) -> str:
    return re.search(r'"end_id":\s*"([^"]+)"', page).group(1)


def test_each_reader_gets_their_own_header_and_page_token_from_the_kept_page(factory, login_as):
    world = build_ministry(factory)
    first, second = login_as(world.hr), login_as(world.hr_other)
    page_one = first.get("/dashboards/hr").text
    page_two = second.get("/dashboards/hr").text
    again = first.get("/dashboards/").text
    assert _header_user(page_one) == world.hr.display_name == _header_user(again)
    assert _header_user(page_two) == world.hr_other.display_name
    assert world.hr.display_name not in page_two
    assert len({_end_id(page_one), _end_id(page_two), _end_id(again)}) == 3  # minted per page load
    assert page_one.count('id="_dash-config"') == 1 and "suite-header-of-this-request" not in page_one
    token = re.search(r'name="csrf_token" value="([^"]+)"', page_two).group(1)
    assert second.get_cookie("_csrf_token", path="/dashboards/").value == token


def test_a_message_to_flash_shows_once_and_is_never_kept_for_others(factory, login_as):
    world = build_ministry(factory)
    first, second = login_as(world.hr), login_as(world.hr_other)
    first.get("/dashboards/hr")  # the page is kept
    with first.session_transaction() as session:
        session["_flashes"] = [("success", "Your export is ready")]
    assert "Your export is ready" in first.get("/dashboards/hr").text
    assert "Your export is ready" not in first.get("/dashboards/hr").text
    assert "Your export is ready" not in second.get("/dashboards/hr").text


def test_each_language_is_kept_apart(factory, login_as):
    world = build_ministry(factory)
    client = login_as(world.hr)
    english = client.get("/dashboards/hr").text
    with client.session_transaction() as session:
        session["lang"] = "ka"
    georgian = client.get("/dashboards/hr").text
    assert '<html lang="en">' in english and '<html lang="ka">' in georgian
    assert "<title>Dashboards" in english and "<title>Dashboards" not in georgian
