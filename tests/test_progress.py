"""Progress: known words over time, words read, the gentle streak, lookups to learn next."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from db import Database, open_db
from db.history import most_looked_up, record_lookups
from glossary.progress import gentle_streak, progress, record_words_read
from glossary.terms import Glossary
from reader.ui.app import ZhreaderApp
from reader.ui.screens.stats import StatsScreen

from .tui_helpers import painted_text


def screen_text(screen: StatsScreen) -> str:
    return "\n".join(painted_text(w) for w in screen.query("#stats-figures, #next-words"))


NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_known_words_over_time_and_words_read(fresh_db: Database) -> None:
    for day, words in ((3, ["一", "二"]), (8, ["三"]), (9, ["一"])):
        stamp = f"2026-03-{day:02d}T10:00:00+00:00"
        status = "ignored" if day == 9 else "known"
        fresh_db.conn.executemany(
            "INSERT INTO word_status VALUES (?, ?, ?) ON CONFLICT(word) DO UPDATE SET "
            "status = excluded.status, changed_at = excluded.changed_at",
            [(w, status, stamp) for w in words],
        )
    fresh_db.execute("INSERT INTO articles (id, title, imported_at, content_hash, char_count, "
                     "cut_revision) VALUES (1, 't', '', 'h', 1, 0)")  # fmt: skip
    record_words_read(fresh_db, 1, 40, NOW)
    record_words_read(fresh_db, 1, 2, NOW)
    growth = progress(fresh_db, NOW)
    assert growth.days[-1] == "2026-03-10" and len(growth.days) == 30
    by_day = dict(zip(growth.days, growth.known_words, strict=True))
    assert (by_day["2026-03-02"], by_day["2026-03-03"], by_day["2026-03-08"]) == (0, 2, 3)
    assert by_day["2026-03-09"] == 2 and growth.known_now == 2
    assert growth.words_read[-1] == 42
    assert growth.streak == 3  # the 8th, 9th and 10th; the gap of 4 days ended the run before


def test_a_single_missed_day_keeps_the_streak() -> None:
    active = {"2026-03-05", "2026-03-07", "2026-03-08"}
    assert gentle_streak(active, date(2026, 3, 9)) == 3  # today not over; one gap forgiven
    assert gentle_streak(active, date(2026, 3, 11)) == 0


def test_most_looked_up_leaves_out_words_being_learnt(fresh_db: Database) -> None:
    stamp = "2026-03-10T10:00:00+00:00"
    record_lookups(
        fresh_db,
        [("汲取", None, stamp)] * 3 + [("喇叭", None, stamp)] * 5 + [("深夜", None, stamp)],
    )
    Glossary(fresh_db).set_status(["喇叭"], "learning")
    assert [(r.word, r.times) for r in most_looked_up(fresh_db)] == [("汲取", 3), ("深夜", 1)]


async def test_the_progress_screen_learns_a_looked_up_word_with_one_key(
    demo_db_path: Path,
) -> None:
    database = open_db(demo_db_path)
    record_lookups(database, [("汲取", 3, "2026-03-10T10:00:00+00:00")] * 2)
    database.close()
    app = ZhreaderApp(demo_db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        text = screen_text(screen)
        assert "known words" in text and "streak" in text
        assert "汲取  looked up 2× in 1 article" in text
        await pilot.press("2")
        assert "汲取  looked up" not in screen_text(screen)
        assert "words being learnt: 1" in screen_text(screen)


def test_a_read_only_database_only_loses_the_lookup_log(tmp_path: Path) -> None:
    import sqlite3

    from db.store import SqliteStore
    from reader.history import LookupLog

    path = tmp_path / "zhreader.db"
    database = open_db(path)
    log = LookupLog(database)
    log.add("汲取", None)
    assert log.flush() == 1
    read_only = SqliteStore(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    log.add("喇叭", None)
    assert log.counts("喇叭") == (1, 0)  # counted at once, before any write
    assert log.write(read_only, log.take()) == 0 and log.lost == 1
    assert log.counts("汲取") == (1, 0)
    read_only.close()
    database.close()
