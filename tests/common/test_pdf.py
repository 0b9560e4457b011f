"""The PDF renderer: Georgian text comes out readable, and nothing outside the suite is fetched."""

from __future__ import annotations

import io

from pypdf import PdfReader

from common.pdf import render_pdf_html


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_georgian_and_english_text_is_read_back(app):
    with app.test_request_context():
        pdf = render_pdf_html('<html lang="ka"><head><title>ანგარიში</title></head>'
                              "<body><h1>საჯარო სამსახური</h1><p>Civil Service</p></body></html>")
    text = _text(pdf)
    assert "საჯარო სამსახური" in text and "Civil Service" in text


def test_local_files_and_other_hosts_are_never_fetched(app, tmp_path, caplog):
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text y="20">TOPSECRET</text></svg>')
    html = (f'<html><body><p>start</p><img src="file://{secret}" alt="a"><object data="file://{secret}"></object>'
            '<img src="http://127.0.0.1:9/x.svg" alt="b"><img src="/static/../../app.py" alt="c">'
            f'<iframe src="file://{secret}"></iframe><p>end</p></body></html>')
    with app.test_request_context():
        pdf = render_pdf_html(html)
    text = _text(pdf)
    assert "start" in text and "end" in text and "TOPSECRET" not in text
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("file://" in m for m in refused) and any("127.0.0.1" in m for m in refused)


def test_the_suites_own_stylesheet_is_allowed(app):
    html = '<html><head><link rel="stylesheet" href="/static/css/site.css"></head><body><h1>Styled</h1></body></html>'
    with app.test_request_context():
        assert "Styled" in _text(render_pdf_html(html))


def test_the_layout_process_fetches_no_local_files_either(app, tmp_path):
    """A long PDF is laid out by ``python -m common.pdf_render``, without Flask: the same fetcher rules hold there."""
    from common.pdf import render_pdf_in_child

    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text y="20">TOPSECRET</text></svg>')
    leaky = (f'<html><body><p>start</p><img src="file://{secret}" alt="a"><object data="file://{secret}"></object>'
             '<img src="http://127.0.0.1:9/x.svg" alt="b"><img src="/static/../../app.py" alt="c"><p>end</p>')
    styled = '<html><head><link rel="stylesheet" href="/static/css/site.css"></head><body><h1>Styled</h1></body></html>'
    sheet = "<html><head><style>@page { size: A4; }</style></head><body></body></html>"
    with app.test_request_context():
        pdf = render_pdf_in_child([leaky + "</body></html>", leaky + "<p>second</p></body></html>", styled], sheet)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = "\n".join(pages)
    assert "start" in text and "end" in text and "second" in text and "Styled" in text
    assert "TOPSECRET" not in text and "import" not in text
    assert [page.count("Page") for page in pages] == [0, 1, 1]  # the later parts' numbers, from the sheet
    assert "Page 3 of 3" in pages[2]
