"""SCORM 1.2 packages as real content makes them: asset-only packages, prerequisites that lock items, the package's
own contents with its groups, ``adlcp:dataFromLMS`` in either spelling, zips whose UTF-8 names lack the UTF-8 flag,
the schema version written as "SCORM 1.2", and other formats refused with their name."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from common.errors import OperationError
from learning import operations as ops
from learning.models import Certificate
from learning.scorm import navigation, storage
from learning.scorm import operations as scorm_ops
from learning.scorm import prerequisites as rules
from learning.scorm.models import ScoAttempt
from tests.learning import packages
from tests.learning.hostile_packages import CONTENT_HOST, file_url, token_of, wrapper_url
from tests.learning.packages import Item, make_zip, manifest
from tests.learning.scorm_support import scorm_course
from tests.learning.test_scorm_import import _refused


def _learner(db, factory, data: bytes):
    unit = factory.unit("MOF")
    learner = factory.user(employee=factory.employee(unit))
    course, lesson, version = scorm_course(data, provider=unit)
    enrolment = ops.enrol(learner.employee, course)
    db.session.commit()
    return learner, course, lesson, version, enrolment


def _finish(attempt: ScoAttempt, status: str = "completed") -> None:
    scorm_ops.record_commit(attempt, {"kind": "finish", "page": "p", "seq": 1, "start": 0,
                                      "values": [["cmi.core.lesson_status", status]]})


# --- Other formats, schema versions ------------------------------------------------------------------------------

@pytest.mark.parametrize(("build", "message"), [
    (packages.cmi5, "This is a cmi5 package (cmi5.xml): only SCORM 1.2 and SCORM 2004 packages can be imported."),
    (packages.tincan, "This is a xAPI (Tin Can) package (tincan.xml): only SCORM 1.2 and SCORM 2004 packages can be "
                      "imported."),
    (packages.aicc, "This is a AICC package (course.au, course.crs, course.des): only SCORM 1.2 and SCORM 2004 "
                    "packages can be imported."),
], ids=["cmi5", "xAPI", "AICC"])
def test_other_formats_are_refused_with_their_name(db, build, message):
    assert _refused(db, build()).startswith(message)


@pytest.mark.parametrize("build", [
    packages.scorm_2004, lambda: make_zip(with_manifest=manifest(schema="CAM 1.3")),
    lambda: make_zip(with_manifest=manifest(schema="", namespaces='xmlns:imsss="http://www.imsglobal.org/xsd/imsss"')),
], ids=["SCORM 2004", "CAM 1.3", "SCORM 2004 sequencing"])
def test_scorm_2004_manifests_are_imported_as_scorm_2004(db, build):
    from learning.scorm import importer

    package = importer.inspect(build(), importer.Limits())
    assert package.standard == "2004" and package.sequencing["activities"]["item_1"]["leaf"]


def test_the_refusal_names_the_format_in_georgian_too(db):
    with pytest.raises(OperationError) as refusal:
        from learning.scorm import importer

        importer.inspect(packages.cmi5(), importer.Limits())
    with force_locale("ka"):
        georgian = str(refusal.value)
    assert "cmi5" in georgian and "SCORM 1.2" in georgian and "This is" not in georgian


@pytest.mark.parametrize("schema", ["1.2", "SCORM 1.2", " scorm  1.2 ", ""])
def test_schema_version_1_2_in_any_of_its_spellings_is_accepted(db, schema):
    _course, _lesson, version = scorm_course(make_zip(with_manifest=manifest(schema=schema)))
    assert [s.launch for s in version.scos] == ["index.html"]


@pytest.mark.parametrize("tag", ["adlcp:datafromlms", "adlcp:dataFromLMS"])
def test_data_from_lms_in_both_spellings_becomes_launch_data(db, factory, tag):
    package = make_zip({"part/index.html": packages.sco_page("Part")}, with_manifest=manifest(
        [Item("Part", "part/index.html", launch_data="level=2&lang=ka", launch_data_tag=tag)]))
    *_rest, version, enrolment = _learner(db, factory, package)
    assert version.scos[0].launch_data == "level=2&lang=ka"
    assert scorm_ops.launch(version.scos[0], enrolment).values["cmi.launch_data"] == "level=2&lang=ka"


# --- Names without the UTF-8 flag -----------------------------------------------------------------------------------

def _check_georgian(db, factory, login_as, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any(info.flag_bits & 0x800 for info in archive.infolist()), "the zip should not declare UTF-8"
    learner, course, lesson, version, _enrolment = _learner(db, factory, data)
    [sco] = version.scos
    assert sco.launch == "გაკვეთილი/დასაწყისი.html"
    assert (storage.root() / version.digest / "გაკვეთილი" / "სურათი.png").read_bytes() == packages.PNG
    browser = login_as(learner)
    page = browser.get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True)
    token = token_of(wrapper_url(page))
    content = current_app.test_client()
    wrapper = content.get(f"{CONTENT_HOST}/learn/scorm/w/{token}").get_data(as_text=True)
    assert "%E1%83%92%E1%83%90" in wrapper  # the launch URL, percent-encoded UTF-8
    served = content.get(file_url(token, "გაკვეთილი/დასაწყისი.html"))
    assert served.status_code == 200 and "დასაწყისი" in served.get_data(as_text=True)


@pytest.mark.skipif(shutil.which("zip") is None, reason="the zip command is not installed (apt-get install zip): "
                                                        "a zip made by Linux zip is not tested; the flag-less zip "
                                                        "written by zipfile still is")
def test_a_zip_made_by_linux_zip_with_georgian_names_imports_and_plays(db, factory, login_as, tmp_path):
    source = tmp_path / "package"
    (source / "გაკვეთილი").mkdir(parents=True)
    (source / "imsmanifest.xml").write_text(packages.georgian_manifest(), encoding="utf-8")
    for name, content in packages.GEORGIAN_FILES.items():
        (source / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    subprocess.run(["zip", "-q", "-r", str(tmp_path / "p.zip"), "."], cwd=source, check=True,
                   env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    _check_georgian(db, factory, login_as, (tmp_path / "p.zip").read_bytes())


def test_utf8_names_without_the_utf8_flag_are_read_as_utf8(db, factory, login_as):
    data = make_zip(packages.GEORGIAN_FILES, with_manifest=packages.georgian_manifest(), index=False,
                    utf8_flag=False)
    _check_georgian(db, factory, login_as, data)


def test_names_in_an_undeclared_legacy_encoding_are_refused_naming_the_cause(db):
    russian = "урок/начало.html"
    data = bytearray(make_zip({russian: packages.PAGE}, with_manifest=manifest([("Начало", russian)])))
    encoded = russian.encode("utf-8")
    legacy = russian.encode("cp866").ljust(len(encoded), b"_")  # same length, so the headers stay valid
    data = packages.clear_utf8_flag(bytes(data).replace(encoded, legacy))
    message = _refused(db, data)
    assert "stores file names in an encoding it does not declare" in message and "is not in the package" not in \
        message


# --- Assets --------------------------------------------------------------------------------------------------------

def test_an_asset_only_package_with_19_assets_in_4_folders_imports_and_completes(db, factory, login_as):
    learner, course, lesson, version, enrolment = _learner(db, factory, packages.assets_only(19, 4))
    page = login_as(learner).get(f"/learn/courses/{course.id}/lessons/{lesson.id}/play").get_data(as_text=True)
    assert 'role="status">Preview' not in page  # an asset is recorded, not previewed
    token = token_of(wrapper_url(page))
    wrapper = current_app.test_client().get(f"{CONTENT_HOST}/learn/scorm/w/{token}").get_data(as_text=True)
    assert f'data-src="/learn/scorm/c/{token}/folder1/page1.html"' in wrapper
    values = json.loads(re.search(r'<script type="application/json" id="scorm-config">(.*?)</script>', wrapper,
                                  re.S).group(1))["values"]
    assert values["cmi.core.lesson_mode"] == "normal"  # the wrapper opens the asset as recorded, not previewed
    assert 'aria-current="page">Asset 1</a>' in page and "(Completed)" in page  # opening it completed it
    db.session.rollback()
    assert len(version.scos) == 19 and not any(s.tracked for s in version.scos)
    groups = [line for line in version.outline if not line["launch"]]
    assert [g["title"] for g in groups] == ["Folder 1", "Folder 2", "Folder 3", "Folder 4"]
    assert {s.launch.split("/")[0] for s in version.scos} == {"folder1", "folder2", "folder3", "folder4"}
    for n, sco in enumerate(version.scos[1:], 2):
        launched = scorm_ops.launch(sco, enrolment)
        assert launched.attempt is None and not launched.preview
        db.session.flush()
        assert (n == 19) == (enrolment.state == "completed"), n
    assert navigation.contents(version, enrolment).items[0].status == "completed"
    scorm_ops.launch(version.scos[0], enrolment)  # again: still one attempt, nothing changes
    assert db.session.execute(select(ScoAttempt).where(ScoAttempt.sco_id == version.scos[0].id)).scalars().all()
    assert db.session.execute(select(Certificate).where(Certificate.enrolment_id == enrolment.id)).scalar_one()


# --- Prerequisites ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("rule", "done", "expected"), [
    ("a", set(), False), ("a", {"a"}, True), ("a & b", {"a"}, False), ("a&b", {"a", "b"}, True),
    ("a | b", {"b"}, True), ("~a", {"a"}, False), ("~a", set(), True), ("(a | b) & ~c", {"a", "c"}, False),
    ("(a | b) & ~c", {"b"}, True), ('a = "failed"', set(), False), ("a <> p", set(), True),
    ("2*{a,b,c}", {"a", "c"}, True), ("2*{a,b,c}", {"a"}, False), ("{a,b}", {"a", "b"}, True),
])
def test_aicc_script_rules(rule, done, expected):
    assert rules.evaluate(rules.parse(rule), lambda i: "completed" if i in done else "not attempted") is expected


@pytest.mark.parametrize(("rule", "message"), [
    ("item_1 &", "The prerequisites of item item_2 cannot be read"),
    ("item_9", "The prerequisites of item item_2 name item_9, which is not an item of the package."),
])
def test_unreadable_prerequisites_are_refused_at_import(db, rule, message):
    data = make_zip({f"part{n}/index.html": packages.sco_page(f"Part {n}") for n in (1, 2)}, index=False,
                    with_manifest=manifest([Item("Part 1", "part1/index.html"),
                                            Item("Part 2", "part2/index.html", prerequisites=rule)]))
    assert message in _refused(db, data)


def _locked_package() -> bytes:
    items = [Item("Module 1", children=[Item("Introduction", "intro/index.html"),
                                        Item("Practice", "practice/index.html")]),
             Item("Final test", "test/index.html", prerequisites="item_2 & item_3")]
    files = {f"{name}/index.html": packages.sco_page(name) for name in ("intro", "practice", "test")}
    return make_zip(files, with_manifest=manifest(items), index=False)


def test_a_locked_item_stays_locked_until_its_prerequisites_are_met(db, factory, login_as):
    learner, course, lesson, version, enrolment = _learner(db, factory, _locked_package())
    intro, practice, final = version.scos
    assert final.prerequisites == "item_2 & item_3"
    browser = login_as(learner)
    play = f"/learn/courses/{course.id}/lessons/{lesson.id}/play"
    page = browser.get(f"{play}?sco={final.id}").get_data(as_text=True)
    assert "“Final test” is locked." in page and "Locked until this is met: “Introduction” and “Practice”." in page
    assert 'id="scorm-frame"' not in page
    with pytest.raises(OperationError, match="Introduction"):
        scorm_ops.launch(final, enrolment)
    _finish(scorm_ops.launch(intro, enrolment).attempt)
    db.session.commit()
    contents = json.loads(browser.get(f"{play}/contents.json?sco={intro.id}").data)
    assert [(i["title"], i["done"], i["locked"]) for i in contents["items"]] == [
        ("Introduction", True, False), ("Practice", False, False), ("Final test", False, True)]
    assert contents["next"] == f"{play}?sco={practice.id}" and not contents["lesson_done"]
    _finish(scorm_ops.launch(practice, enrolment).attempt, "passed")
    db.session.commit()
    page = browser.get(f"{play}?sco={final.id}").get_data(as_text=True)
    assert "is locked" not in page and 'id="scorm-frame"' in page
    assert scorm_ops.launch(final, enrolment).attempt is not None


def test_the_lesson_page_shows_the_package_contents_with_its_groups_and_neighbours(db, factory, login_as):
    learner, course, lesson, version, _enrolment = _learner(db, factory, packages.multi_sco(4))
    browser = login_as(learner)
    play = f"/learn/courses/{course.id}/lessons/{lesson.id}/play"
    page = browser.get(play).get_data(as_text=True)
    start = page.index('class="scorm-toc"')
    contents = page[start:page.index("</nav>", start)]
    assert contents.index("Module 1") < contents.index("Part 1") < contents.index("Part 2") < \
        contents.index("Module 2") < contents.index("Part 3") < contents.index("Part 4")
    assert contents.count("<ol>") == 3  # the top level and one list per group
    first, second, third, _fourth = version.scos
    assert f'rel="next" href="{play}?sco={second.id}"' in page and 'rel="prev" href="/learn/courses' not in page
    page = browser.get(f"{play}?sco={third.id}").get_data(as_text=True)
    assert f'rel="prev" href="{play}?sco={second.id}"' in page and 'aria-current="page">Part 3' in page
    assert f'href="{play}?sco={first.id}"' in page
