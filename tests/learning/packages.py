"""A small SCORM package writer for the tests: every package a test needs is built here, in memory, so that a clone
of the repository alone runs the whole suite (the real-world packages are an extra acceptance run, in
``tests/acceptance``).

``Item`` describes the organisation (groups are items without ``href``), ``manifest`` writes ``imsmanifest.xml``,
``make_zip`` writes the zip (with hostile entries when asked), and the builders below give the packages the tests
share: a single quiet SCO, a multi-SCO course with folders and same-named files, a SCO that plays like a real one
(pages, bookmark, resume, a scored knowledge check), broken manifests, hostile zips, asset-only packages, zips
with UTF-8 names but no UTF-8 flag, and the formats that are not SCORM 1.2.
"""

from __future__ import annotations

import io
import itertools
import stat
import zipfile
from dataclasses import dataclass, field
from html import escape

PAGE = b"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>SCO</title></head>" \
       b"<body><h1>A quiet SCO</h1><p>It waits for the API to be driven.</p></body></html>"
# A 1x1 PNG and a tiny JPEG header: real images as far as a content type goes.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360"
                    "000002000001e221bc330000000049454e44ae426082")
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


@dataclass
class Item:
    """An item of the default organisation: launches ``href`` (a SCO, or an asset), or groups its ``children``."""

    title: str
    href: str | None = None
    children: list[Item] = field(default_factory=list)
    scormtype: str = "sco"
    identifier: str = ""
    prerequisites: str = ""
    mastery: float | None = None
    launch_data: str = ""
    launch_data_tag: str = "adlcp:datafromlms"  # SCORM 1.2's spelling; some tools write adlcp:dataFromLMS
    parameters: str = ""


def _number(items: list[Item], counter: itertools.count) -> None:
    for item in items:
        item.identifier = item.identifier or f"item_{next(counter)}"
        _number(item.children, counter)


def _flatten(items: list[Item]) -> list[Item]:
    return [x for item in items for x in [item, *_flatten(item.children)]]


def _item_xml(item: Item, resources: dict[str, str]) -> str:
    attributes = f'identifier="{item.identifier}"'
    if item.href is not None:
        attributes += f' identifierref="{resources[item.identifier]}"'
    if item.parameters:
        attributes += f' parameters="{escape(item.parameters)}"'
    extra = f"<adlcp:prerequisites type=\"aicc_script\">{escape(item.prerequisites)}</adlcp:prerequisites>" \
        if item.prerequisites else ""
    extra += f"<adlcp:masteryscore>{item.mastery:g}</adlcp:masteryscore>" if item.mastery is not None else ""
    tag = item.launch_data_tag
    extra += f"<{tag}>{escape(item.launch_data)}</{tag}>" if item.launch_data else ""
    children = "".join(_item_xml(child, resources) for child in item.children)
    return f"<item {attributes}><title>{escape(item.title)}</title>{extra}{children}</item>"


def manifest(items: list[Item] | list[tuple[str, str]] | None = None, *, mastery: float | None = None,
             schema: str = "1.2", launch_data: str = "", title: str = "Test package",
             identifier: str = "test.package", namespaces: str = "") -> str:
    """A SCORM 1.2 manifest. ``items`` are ``Item``s, or (title, launch href) pairs for one flat SCO each."""
    if not items:
        items = [("Only part", "index.html")]
    if isinstance(items[0], tuple):
        items = [Item(title, href, mastery=mastery, launch_data=launch_data) for title, href in items]
    _number(items, itertools.count(1))
    launching = [item for item in _flatten(items) if item.href is not None]
    resources = {item.identifier: f"res_{n}" for n, item in enumerate(launching, 1)}
    item_xml = "".join(_item_xml(item, resources) for item in items)
    resource_xml = "".join(
        f'<resource identifier="{resources[item.identifier]}" type="webcontent" adlcp:scormtype="{item.scormtype}" '
        f'href="{escape(item.href)}"><file href="{escape(item.href.split("?")[0])}"/></resource>'
        for item in launching)
    schema_xml = f"<schemaversion>{schema}</schemaversion>" if schema else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" {namespaces}>
  <metadata><schema>ADL SCORM</schema>{schema_xml}</metadata>
  <organizations default="org"><organization identifier="org"><title>{escape(title)}</title>{item_xml}</organization>
  </organizations>
  <resources>{resource_xml}</resources>
</manifest>"""


def make_zip(files: dict[str, bytes | str] | None = None, *, with_manifest: str | None = None,
             compression: int = zipfile.ZIP_DEFLATED, raw: list[tuple[zipfile.ZipInfo, bytes]] = (),
             index: bool = True, utf8_flag: bool = True) -> bytes:
    """A zip with a manifest (unless ``with_manifest=""``), ``index.html`` (unless ``index=False``) and ``files``;
    ``raw`` entries are written exactly as given (links, odd names). ``utf8_flag=False`` clears the UTF-8 flag of
    every entry while keeping UTF-8 names, as Linux ``zip`` and macOS tools write them."""
    buffer = io.BytesIO()
    contents: dict[str, bytes | str] = {"index.html": PAGE} if index else {}
    if with_manifest != "":
        contents["imsmanifest.xml"] = with_manifest or manifest()
    contents.update(files or {})
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
        for info, data in raw:
            archive.writestr(info, data)
    data = buffer.getvalue()
    return data if utf8_flag else clear_utf8_flag(data)


def clear_utf8_flag(data: bytes) -> bytes:
    """The same zip with general-purpose bit 11 (names are UTF-8) cleared in every local and central header."""
    patched = bytearray(data)
    for header, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = 0
        while (at := patched.find(header, at)) != -1:
            flags = int.from_bytes(patched[at + flag_at:at + flag_at + 2], "little") & ~0x800
            patched[at + flag_at:at + flag_at + 2] = flags.to_bytes(2, "little")
            at += 4
    return bytes(patched)


def link_entry(name: str = "shortcut.html") -> zipfile.ZipInfo:
    """A zip entry that is a symbolic link (as Unix ``zip -y`` stores one)."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


# --- Content: SCOs that talk to the API -------------------------------------------------------------------------

FIND_API = """function findAPI(win) { for (var i = 0; win && i < 10; i++) { if (win.API) { return win.API; }
  if (win.parent === win) { break; } win = win.parent; } return null; }
var api = findAPI(window.parent) || (window.opener && findAPI(window.opener));"""


def sco_page(title: str, *, score: float | None = None, status: str = "completed") -> str:
    """A SCO that initialises, and on "Finish this part" sets its status (and score) and calls LMSFinish."""
    score_js = f"api.LMSSetValue('cmi.core.score.raw', '{score:g}');" if score is not None else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><h1>{escape(title)}</h1><p id="data"></p><button type="button" id="finish">Finish this part</button>
<script>{FIND_API}
api.LMSInitialize('');
document.getElementById('data').textContent = 'launch data: ' + api.LMSGetValue('cmi.launch_data');
document.getElementById('finish').addEventListener('click', function () {{
  {score_js} api.LMSSetValue('cmi.core.lesson_status', '{status}'); api.LMSFinish('');
  document.getElementById('finish').disabled = true; }});
</script></body></html>"""


def multi_sco(count: int = 4, *, grouped: bool = True, **options: object) -> bytes:
    """``count`` SCOs that finish on a button, in two groups ("Module 1", "Module 2") unless ``grouped=False``."""
    parts = [Item(f"Part {n}", f"part{n}/index.html") for n in range(1, count + 1)]
    half = (count + 1) // 2
    items = [Item("Module 1", children=parts[:half]), Item("Module 2", children=parts[half:])] if grouped else parts
    files = {f"part{n}/index.html": sco_page(f"Part {n}") for n in range(1, count + 1)}
    return make_zip(files, with_manifest=manifest(items, title="Four parts", **options), index=False)


# A single SCO laid out as authoring tools lay one out: a launch page in shared/ that frames content pages kept in
# topic folders, a questions.js of the same name in each topic folder (four different files), pictures and styles.
TOPICS = {"Playing": ["Playing the game", "Par", "Scoring"], "Etiquette": ["Courtesy", "Safety"],
          "Handicapping": ["Overview", "Calculating a handicap"], "HavingFun": ["Making friends"]}
QUESTIONS = {"Playing": [("How many holes has a round?", "18", ["9", "18", "27"]),
                         ("What is par?", "The expected strokes", ["The expected strokes", "A club"])],
             "Etiquette": [("Who plays first?", "The farthest", ["The farthest", "The nearest"])],
             "Handicapping": [("A handicap is", "A stroke allowance", ["A stroke allowance", "A fine"]),
                              ("Is a handicap personal?", "Yes", ["Yes", "No"])],
             "HavingFun": [("Is golf fun?", "Yes", ["Yes", "No"])]}


def _launch_page() -> str:
    pages = [f"{folder}/{n}.html" for folder, titles in TOPICS.items() for n in range(1, len(titles) + 1)]
    pages.append("shared/assessment.html")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Golf for civil servants</title>
<link rel="stylesheet" href="style.css"></head><body>
<iframe id="contentFrame" title="Content" width="100%" height="420"></iframe>
<p><button type="button" id="prev">&lt;- Previous</button> <button type="button" id="next">Next -&gt;</button>
<button type="button" id="exit">Exit</button></p>
<script src="scormfunctions.js"></script>
<script>
var pages = {pages!r};
var current = 0;
start();
if (api.LMSGetValue('cmi.core.entry') === 'resume' && api.LMSGetValue('cmi.core.lesson_location') !== '') {{
  if (window.confirm('Would you like to resume where you left off?')) {{
    current = parseInt(api.LMSGetValue('cmi.core.lesson_location'), 10) || 0; }}
}}
if (api.LMSGetValue('cmi.core.lesson_status') === 'not attempted') {{
  api.LMSSetValue('cmi.core.lesson_status', 'incomplete'); }}
function show() {{ document.getElementById('contentFrame').src = '../' + pages[current];
  api.LMSSetValue('cmi.core.lesson_location', String(current)); api.LMSCommit(''); }}
document.getElementById('next').addEventListener('click', function () {{
  if (current < pages.length - 1) {{ current += 1; show(); }} }});
document.getElementById('prev').addEventListener('click', function () {{
  if (current > 0) {{ current -= 1; show(); }} }});
document.getElementById('exit').addEventListener('click', function () {{ finish(); }});
window.addEventListener('beforeunload', function () {{ if (!finished) {{ api.LMSSetValue('cmi.core.exit', 'suspend');
  finish(); }} }});
window.recordScore = function (score) {{ api.LMSSetValue('cmi.core.score.raw', String(score));
  api.LMSSetValue('cmi.core.score.min', '0'); api.LMSSetValue('cmi.core.score.max', '100');
  api.LMSSetValue('cmi.core.lesson_status', score >= 70 ? 'passed' : 'failed'); api.LMSCommit(''); }};
show();
</script></body></html>"""


SCORM_FUNCTIONS = FIND_API.replace("window.parent", "window") + """
var finished = false;
function start() { api.LMSInitialize(''); }
function finish() { if (!finished) { finished = true; api.LMSSetValue('cmi.core.session_time', '0000:02:05.50');
  api.LMSFinish(''); } }
"""


def _questions_js(folder: str) -> str:
    rows = ",".join(f"{{text: {q!r}, answer: {a!r}, choices: {c!r}}}" for q, a, c in QUESTIONS[folder])
    return f"window.questions = (window.questions || []).concat([{rows}]); // {folder}\n"


ASSESSMENT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Knowledge check</title></head>
<body><h1>Knowledge Check</h1><form id="quiz"></form><p id="result" role="status"></p>
<script src="../Playing/questions.js"></script><script src="../Etiquette/questions.js"></script>
<script src="../Handicapping/questions.js"></script><script src="../HavingFun/questions.js"></script>
<script>
var form = document.getElementById('quiz');
window.questions.forEach(function (q, i) {
  var box = document.createElement('fieldset'); box.className = 'question';
  var legend = document.createElement('legend'); legend.textContent = q.text; box.appendChild(legend);
  q.choices.forEach(function (choice) { var label = document.createElement('label'); var input =
    document.createElement('input'); input.type = 'radio'; input.name = 'q' + i; input.value = choice;
    if (choice === q.answer) { label.className = 'correctAnswer'; }
    label.appendChild(input); label.appendChild(document.createTextNode(choice)); box.appendChild(label); });
  form.appendChild(box); });
var submit = document.createElement('button'); submit.type = 'submit'; submit.textContent = 'Submit Answers';
form.appendChild(submit);
form.addEventListener('submit', function (event) { event.preventDefault(); var right = 0;
  window.questions.forEach(function (q, i) { var chosen = form.querySelector('input[name=q' + i + ']:checked');
    if (chosen && chosen.value === q.answer) { right += 1; } });
  var score = Math.round(right * 100 / window.questions.length);
  document.getElementById('result').innerHTML = '<h2>Score: ' + score + '</h2>';
  window.parent.recordScore(score); });
</script></body></html>"""

MULTI_FOLDER_TITLE = "Golf for civil servants"
MULTI_FOLDER_ID = "gov.ge.learning.tests.golf"


def multi_folder_files() -> dict[str, bytes | str]:
    """The files of ``multi_folder()`` (without its manifest), by path."""
    files: dict[str, bytes | str] = {"shared/launchpage.html": _launch_page(), "shared/scormfunctions.js":
                                     SCORM_FUNCTIONS, "shared/assessment.html": ASSESSMENT,
                                     "shared/style.css": "body { font-family: sans-serif; }",
                                     "shared/cclicense.png": PNG}
    for folder, titles in TOPICS.items():
        files[f"{folder}/questions.js"] = _questions_js(folder)
        files[f"{folder}/picture.jpg"] = JPEG
        for n, title in enumerate(titles, 1):
            files[f"{folder}/{n}.html"] = f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>" \
                f"{title}</title></head><body><h1>{title}</h1><img src='picture.jpg' alt=''></body></html>"
    return files


def multi_folder() -> bytes:
    """One SCO (``shared/launchpage.html``) with content in four folders, each with its own ``questions.js``."""
    files = multi_folder_files()
    return make_zip(files, index=False, with_manifest=manifest(
        [Item("Golf Explained", "shared/launchpage.html")], title=MULTI_FOLDER_TITLE, identifier=MULTI_FOLDER_ID))


# --- Broken, hostile and foreign packages ----------------------------------------------------------------------

def malformed_xml() -> bytes:
    """A manifest that is not well-formed: ``</organization>`` is closed as ``</organizations>`` too early."""
    xml = manifest().replace("</organization>", "")
    return make_zip(with_manifest=xml)


def missing_launch_url() -> bytes:
    return make_zip(with_manifest=manifest().replace(' href="index.html">', ">"))


def item_with_missing_resource() -> bytes:
    return make_zip(with_manifest=manifest().replace('identifierref="res_1"', 'identifierref="non_existent_resource"'))


def assets_only(count: int = 19, folders: int = 4) -> bytes:
    """``count`` assets (pages and a PDF) spread over ``folders`` folders, in one group per folder: no SCO."""
    groups: list[Item] = []
    files: dict[str, bytes | str] = {}
    for f in range(1, folders + 1):
        groups.append(Item(f"Folder {f}"))
    for n in range(1, count + 1):
        folder = (n - 1) % folders + 1
        name = f"folder{folder}/page{n}.html" if n % 5 else f"folder{folder}/handout{n}.pdf"
        files[name] = f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Asset {n}</title></head>" \
            f"<body><h1>Asset {n}</h1></body></html>" if name.endswith(".html") else b"%PDF-1.4\n%%EOF\n"
        groups[folder - 1].children.append(Item(f"Asset {n}", name, scormtype="asset"))
    return make_zip(files, with_manifest=manifest(groups, title="Reading pack"), index=False)


GEORGIAN_FILES = {"გაკვეთილი/დასაწყისი.html": sco_page("დასაწყისი"), "გაკვეთილი/სურათი.png": PNG}


def georgian_manifest() -> str:
    return manifest([Item("დასაწყისი", "გაკვეთილი/დასაწყისი.html")], title="ქართული პაკეტი")


def scorm_2004() -> bytes:
    xml = manifest(schema="2004 4th Edition", namespaces='xmlns:adlcp_v1p3="http://www.adlnet.org/xsd/adlcp_v1p3"')
    return make_zip(with_manifest=xml)


def cmi5() -> bytes:
    return make_zip({"cmi5.xml": '<?xml version="1.0"?><courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/'
                     'v1/CourseStructure.xsd"><course id="x"/></courseStructure>'}, with_manifest="")


def tincan() -> bytes:
    return make_zip({"tincan.xml": '<?xml version="1.0"?><tincan xmlns="http://projecttincan.com/tincan.xsd">'
                     '<activities/></tincan>'}, with_manifest="")


def aicc() -> bytes:
    return make_zip({"course.crs": "[Course]\nCourse_ID=X\n", "course.au": '"System_ID","File_Name"\n',
                     "course.des": '"System_ID","Title"\n'}, with_manifest="")
