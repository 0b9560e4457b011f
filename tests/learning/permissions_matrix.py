"""Who may open the learning routes (see ``tests/matrix.py``)."""

from tests.matrix import SIGNED_IN, Expected

EXPECTED: Expected = {
    "learning.index": ("GET", "/learn/", SIGNED_IN),
}
