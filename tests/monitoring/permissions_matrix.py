"""Who may open the M&E routes (see ``tests/matrix.py``)."""

from tests.matrix import Expected

EXPECTED: Expected = {
    "monitoring.index": ("GET", "/me/", {"admin", "me_officer", "me_approver"}),
}
