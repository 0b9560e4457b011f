"""The browser fixtures live in ``tests/browser/harness.py`` and are loaded once by ``tests/conftest.py``.

One definition for the whole session: a second copy (imported into another folder's conftest) would
start a second Playwright driver, which Playwright's sync API refuses in one process.
"""
