"""The in-process cache (no Redis) is bounded by the text it holds as well as by its number of entries: a worker
keeping whole dashboard views (tens of kB each) must not grow without limit."""

from __future__ import annotations

from common import cache


def test_the_oldest_entries_go_when_the_text_held_passes_the_budget(app, monkeypatch):
    monkeypatch.setattr(cache, "MEMORY_CHARACTERS", 25_000)
    with app.app_context():
        cache.clear()
        for n in range(5):
            assert cache.cached("test-budget", f"view-{n}", lambda n=n: "x" * 10_000 + str(n)).endswith(str(n))
        held = [key for key in cache._memory if ":test-budget:" in key]
        assert len(held) == 2 and held[-1].endswith("view-4"), "the two latest views, the others evicted"
        assert cache._memory_size[0] == sum(len(text) for _expires, text in cache._memory.values()) <= 25_000
        recomputed = []
        cache.cached("test-budget", "view-0", lambda: recomputed.append(1) or "again")
        assert recomputed, "an evicted view is built again"
        cache.clear()
        assert cache._memory_size[0] == 0
