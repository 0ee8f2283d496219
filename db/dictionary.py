"""The CC-CEDICT table: bulk replacement, exact lookups by either script, and its metadata."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from db import Database
from db.store import chunks_for_in, sql

DEFINITION_SEPARATOR = "/"


@dataclass(frozen=True)
class DictionaryRow:
    """One CC-CEDICT line as stored."""

    id: int
    traditional: str
    simplified: str
    pinyin: str
    definitions: tuple[str, ...]


@dataclass(frozen=True)
class DictionaryInfo:
    release_date: str
    entries: int
    header_entries: int | None
    skipped_lines: int
    source: str


def replace_dictionary(
    database: Database,
    rows: Iterable[tuple[str, str, str, tuple[str, ...]]],
    info: DictionaryInfo,
) -> int:
    """Replace every dictionary row in one transaction; a failure keeps the old dictionary.

    Indexes are dropped during the insert and rebuilt after it, which is several times faster
    than maintaining them row by row.
    """
    conn = sql(database).conn
    with database.atomic():
        conn.execute("DROP INDEX IF EXISTS dictionary_simplified")
        conn.execute("DROP INDEX IF EXISTS dictionary_traditional")
        conn.execute("DELETE FROM dictionary")
        conn.executemany(
            "INSERT INTO dictionary (traditional, simplified, pinyin, definitions) "
            "VALUES (?, ?, ?, ?)",
            (
                (trad, simp, pinyin, DEFINITION_SEPARATOR.join(defs))
                for trad, simp, pinyin, defs in rows
            ),
        )
        conn.execute("CREATE INDEX dictionary_simplified ON dictionary(simplified)")
        conn.execute("CREATE INDEX dictionary_traditional ON dictionary(traditional)")
        count = int(conn.execute("SELECT count(*) FROM dictionary").fetchone()[0])
        conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            [
                ("cedict_date", info.release_date),
                ("cedict_entries", str(count)),
                ("cedict_header_entries", str(info.header_entries or "")),
                ("cedict_skipped", str(info.skipped_lines)),
                ("cedict_source", info.source),
            ],
        )
    return count


def dictionary_info(database: Database) -> DictionaryInfo | None:
    """Metadata of the loaded dictionary, or None when none has been built yet."""
    values = dict(
        sql(database).execute("SELECT key, value FROM meta WHERE key LIKE 'cedict_%'").fetchall()
    )
    if "cedict_entries" not in values:
        return None
    header = values.get("cedict_header_entries") or ""
    return DictionaryInfo(
        release_date=values.get("cedict_date", ""),
        entries=int(values["cedict_entries"]),
        header_entries=int(header) if header else None,
        skipped_lines=int(values.get("cedict_skipped", "0")),
        source=values.get("cedict_source", ""),
    )


def _row(values: tuple[int, str, str, str, str]) -> DictionaryRow:
    row_id, trad, simp, pinyin, definitions = values
    return DictionaryRow(row_id, trad, simp, pinyin, tuple(definitions.split(DEFINITION_SEPARATOR)))


def find_exact(database: Database, word: str) -> list[DictionaryRow]:
    """Every row whose simplified or traditional form is `word`, in file order."""
    cursor = sql(database).execute(
        "SELECT id, traditional, simplified, pinyin, definitions FROM dictionary "
        "WHERE simplified = ?1 UNION SELECT id, traditional, simplified, pinyin, definitions "
        "FROM dictionary WHERE traditional = ?1 ORDER BY id",
        (word,),
    )
    return [_row(values) for values in cursor.fetchall()]


def find_many(database: Database, words: Sequence[str]) -> dict[str, list[DictionaryRow]]:
    """Rows for several words in one query, keyed by the word asked for (either script)."""
    found: dict[str, list[DictionaryRow]] = {}
    for chunk, marks in chunks_for_in(words):
        cursor = sql(database).execute(
            "SELECT id, traditional, simplified, pinyin, definitions FROM dictionary "
            f"WHERE simplified IN ({marks}) UNION SELECT id, traditional, simplified, pinyin, "
            f"definitions FROM dictionary WHERE traditional IN ({marks}) ORDER BY id",
            chunk + chunk,
        )
        wanted = set(chunk)
        for values in cursor.fetchall():
            row = _row(values)
            for key in {row.simplified, row.traditional} & wanted:
                found.setdefault(key, []).append(row)
    return found


_TONELESS = (
    "replace(replace(replace(replace(replace(replace(lower(pinyin), ' ', ''), '1', ''), "
    "'2', ''), '3', ''), '4', ''), '5', '')"
)


def light_tone_words(database: Database) -> list[str]:
    """Simplified headwords of two characters or more whose reading has a light syllable."""
    rows = sql(database).execute(
        "SELECT DISTINCT simplified FROM dictionary WHERE pinyin LIKE '%5%' "
        "AND length(simplified) > 1 ORDER BY simplified"
    )
    return [word for (word,) in rows.fetchall()]


def headwords(database: Database) -> list[str]:
    """Simplified headwords of two characters or more."""
    rows = sql(database).execute(
        "SELECT DISTINCT simplified FROM dictionary WHERE length(simplified) > 1 "
        "ORDER BY simplified"
    )
    return [word for (word,) in rows.fetchall()]


def find_by_pinyin(
    database: Database, key: str, *, with_tones: bool, limit: int = 40
) -> list[DictionaryRow]:
    """Rows whose reading is `key`: numbered syllables without spaces (`di4yi1`) when
    `with_tones`, else toneless (`diyi`); u: stands for ü. One scan of the table."""
    column = "replace(lower(pinyin), ' ', '')" if with_tones else _TONELESS
    rows = sql(database).execute(
        f"SELECT id, traditional, simplified, pinyin, definitions FROM dictionary "
        f"WHERE {column} = ? ORDER BY length(definitions) DESC, id LIMIT ?",
        (key, limit),
    )
    return [_row(values) for values in rows.fetchall()]


def find_by_english(database: Database, text: str, limit: int = 400) -> list[DictionaryRow]:
    """Rows whose definitions contain `text` (case-insensitive), for an English lookup; the
    caller keeps whole-word matches and ranks them."""
    rows = sql(database).execute(
        "SELECT id, traditional, simplified, pinyin, definitions FROM dictionary "
        "WHERE definitions LIKE ? ESCAPE '\\' LIMIT ?",
        ("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", limit),
    )
    return [_row(values) for values in rows.fetchall()]
