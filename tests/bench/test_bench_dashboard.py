"""``make bench-dashboard --reuse`` times again only on databases a run of the same size filled.

Filling a region's year takes minutes, so ``--keep`` leaves the databases and ``--reuse``
skips the fill; these tests check that a reuse never times a half-filled database or one of
another size (it fills again then), on SQLite files with the same functions.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from tools.bench.dashboard import _filled, _remember

MADE = {"applicants": 50, "conversations": 60, "fill_seconds": 1.5}


def _urls(tmp_path: Path) -> tuple[str, str]:
    return f"sqlite:///{tmp_path / 'bot.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"


def _events(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY)"))
    engine.dispose()


def test_a_finished_fill_of_the_same_size_is_reused(tmp_path: Path) -> None:
    store, tracker = _urls(tmp_path)
    _events(tracker)
    _remember(store, MADE)
    assert _filled(store, tracker, 50) == MADE


def test_another_size_an_unfinished_fill_or_no_tracker_store_is_filled_again(
    tmp_path: Path,
) -> None:
    store, tracker = _urls(tmp_path)
    assert _filled(store, tracker, 50) is None  # nothing there
    _events(tracker)
    assert _filled(store, tracker, 50) is None  # events but no finished fill noted
    _remember(store, MADE)
    assert _filled(store, tracker, 20000) is None  # another size
    (tmp_path / "tracker.db").unlink()
    assert _filled(store, tracker, 50) is None  # Rasa's events are gone
