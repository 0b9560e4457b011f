"""Who may open the reporting routes (see ``tests/matrix.py``)."""

from tests.matrix import SIGNED_IN, Expected

EXPECTED: Expected = {
    "reports.index": ("GET", "/reports/", SIGNED_IN),
}
