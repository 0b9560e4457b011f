"""The shell: health, sign-in redirect, security headers."""

from __future__ import annotations


def test_health_checks_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_pages_need_sign_in(client):
    response = client.get("/directory/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_security_headers_on_every_response(client):
    response = client.get("/auth/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_signed_in_home(factory, login_as):
    unit = factory.unit()
    employee = factory.employee(unit)
    client = login_as(factory.user(employee=employee))
    response = client.get("/")
    assert response.status_code == 200
    assert "Welcome, Nino" in response.get_data(as_text=True)
