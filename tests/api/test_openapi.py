"""The OpenAPI document: valid OpenAPI 3.1, every operation guarded by a scope and documented with problem details;
the browsable page is the app's own files (no CDN)."""

from __future__ import annotations

import re

from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts, get_spec_version

METHODS = {"get", "post", "put", "patch", "delete"}


def test_the_document_is_valid_openapi_3_1(client):
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    spec = answer.get_json()
    assert spec["openapi"] == "3.1.0"
    assert get_spec_version(spec) == consts.OPENAPIV31
    validate(spec)  # raises on any violation of the OpenAPI 3.1 schema
    operations = [(path, method, operation) for path, item in spec["paths"].items()
                  for method, operation in item.items() if method in METHODS]
    assert len(operations) >= 9
    assert {"bearer", "oauth2"} <= set(spec["components"]["securitySchemes"])
    scopes = spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["scopes"]
    assert {"directory:read", "hr:read", "me:read", "me:write", "learning:read"} <= set(scopes)
    for path, method, operation in operations:
        assert "default" in operation["responses"], f"{method} {path} documents no error"
    problem = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_every_api_view_is_guarded_by_a_scope(app):
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith(("api_directory.", "api_me.")):
            assert getattr(view, "access", None) == "api" and getattr(view, "api_scope", None), endpoint


def test_the_reference_page_uses_only_the_apps_own_files(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") and not source.startswith("//") for source in sources)
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert "SwaggerUIBundle" in client.get("/api/v1/docs/assets/swagger-ui-bundle.js").get_data(as_text=True)
