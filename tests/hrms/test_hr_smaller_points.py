"""The smaller points of issue 17: look-up by name, imports in either language, the sample template, unit pickers,
and the real count of a basic programme."""

from __future__ import annotations


def test_hr_opens_a_persons_development_by_name_in_either_language(hr_world, login_as):
    hr = login_as(hr_world.users["hr"])
    by_name = hr.get("/hr/development/?q=Nino Gelashvili")
    assert by_name.status_code == 302 and by_name.headers["Location"].endswith(
        f"/hr/development/people/{hr_world.person.id}")
    georgian = hr.get(f"/hr/development/?q={hr_world.person.last_name_ka}")
    assert georgian.status_code == 302 and georgian.headers["Location"].endswith(f"/people/{hr_world.person.id}")
    several = hr.get("/hr/development/?q=Peer").text  # four peers: HR chooses from the list
    assert several.count('href="/hr/development/people/') >= 4 and "Number3" in several
    outside = login_as(hr_world.users["hr_out"])
    page = outside.get("/hr/development/?q=Gelashvili", follow_redirects=True).text
    assert "Nobody with this name in your scope." in page
    assert f"/hr/development/people/{hr_world.person.id}" not in page
