"""Who may open the HR routes (see ``tests/matrix.py``)."""

from tests.matrix import SIGNED_IN, Expected

EXPECTED: Expected = {
    "hrms.index": ("GET", "/hr/", SIGNED_IN),
}
