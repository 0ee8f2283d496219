"""Schema migrations, ordered and keyed on `PRAGMA user_version`.

Each migration runs in one transaction together with the version bump, so a failed upgrade
leaves the previous schema. Before upgrading an existing file a copy is written next to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.files import atomic_path
from db.store import APPLICATION_ID, Database, ForeignDatabaseError, NewerSchemaError, sql


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _initial_schema(conn: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        # One row per CC-CEDICT line: a headword with several readings has several rows.
        """CREATE TABLE dictionary (
            id INTEGER PRIMARY KEY,
            traditional TEXT NOT NULL,
            simplified TEXT NOT NULL,
            pinyin TEXT NOT NULL,
            definitions TEXT NOT NULL
        )""",
        """CREATE INDEX dictionary_simplified ON dictionary(simplified)""",
        """CREATE INDEX dictionary_traditional ON dictionary(traditional)""",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            char_count INTEGER NOT NULL,
            cut_revision INTEGER NOT NULL,
            position_paragraph INTEGER NOT NULL DEFAULT 0,
            position_char INTEGER NOT NULL DEFAULT 0
        )""",
        # token_ends: comma-separated end offsets of the tokens; readings: numbered pinyin
        # per token separated by '|', empty for tokens without Han characters.
        """CREATE TABLE paragraphs (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            token_ends TEXT NOT NULL,
            readings TEXT NOT NULL,
            PRIMARY KEY (article_id, position)
        ) WITHOUT ROWID""",
        # Running Han words per article, so the library can show known shares without jieba.
        """CREATE TABLE article_words (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            occurrences INTEGER NOT NULL,
            PRIMARY KEY (article_id, word)
        ) WITHOUT ROWID""",
        """CREATE INDEX article_words_word ON article_words(word)""",
        """CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            simplified TEXT NOT NULL,
            traditional TEXT NOT NULL,
            pinyin TEXT NOT NULL,
            definition TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL CHECK (origin IN ('builtin', 'user')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (simplified, origin)
        )""",
        """CREATE INDEX terms_traditional ON terms(traditional)""",
        """CREATE TABLE word_status (
            word TEXT PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('new', 'learning', 'known', 'ignored')),
            changed_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE contexts (
            id INTEGER PRIMARY KEY,
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            sentence TEXT NOT NULL,
            UNIQUE (term_id, sentence)
        )""",
    ):
        conn.execute(statement)


def _glossary_and_study(conn: sqlite3.Connection) -> None:
    for statement in (
        # A user can hide a built-in term; pack updates keep it hidden.
        """ALTER TABLE terms ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0""",
        """CREATE INDEX contexts_term ON contexts(term_id)""",
        # One FSRS card per term and direction; the state is fsrs's own JSON.
        """CREATE TABLE cards (
            id INTEGER PRIMARY KEY,
            term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('recognition', 'production')),
            state TEXT NOT NULL,
            due TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (term_id, kind)
        )""",
        """CREATE INDEX cards_due ON cards(due)""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            previous_state TEXT NOT NULL,
            log TEXT NOT NULL
        )""",
        """CREATE INDEX reviews_card ON reviews(card_id)""",
        """CREATE INDEX reviews_at ON reviews(reviewed_at)""",
        """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    ):
        conn.execute(statement)


def _readings_revision(conn: sqlite3.Connection) -> None:
    # The revision of the readings method an article's pinyin was decided with; 0 = before
    # readings in context, so `resegment` redoes every older article.
    conn.execute("ALTER TABLE articles ADD COLUMN readings_revision INTEGER NOT NULL DEFAULT 0")


def _corrections(conn: sqlite3.Connection) -> None:
    for statement in (
        # The learner split the token `word` before its character `offset` (the `b` key).
        """CREATE TABLE cut_splits (
            word TEXT NOT NULL,
            offset INTEGER NOT NULL CHECK (offset > 0),
            created_at TEXT NOT NULL,
            PRIMARY KEY (word, offset)
        )""",
        # The learner chose a reading (the `r` key): for one occurrence, or everywhere when
        # article_id, paragraph and start are NULL.
        """CREATE TABLE reading_choices (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            pinyin TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            paragraph INTEGER,
            start INTEGER,
            created_at TEXT NOT NULL
        )""",
        """CREATE INDEX reading_choices_word ON reading_choices(word)""",
        """CREATE INDEX reading_choices_article ON reading_choices(article_id)""",
    ):
        conn.execute(statement)


def _cards_per_word(conn: sqlite3.Connection) -> None:
    """Cards belong to a word (term or CC-CEDICT), not to a glossary term row.

    The cards and reviews tables are rebuilt (reviews first, so dropping the old cards table
    cascades into nothing). Where a user copy and a built-in term of the same headword both
    had cards, the one with more reviews is kept. Also adds the sentences a learner was
    reading when they marked a word, the lookup log and a log of status changes.
    """
    for statement in (
        """CREATE TABLE cards_v3 (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('recognition', 'production')),
            state TEXT NOT NULL,
            due TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (word, kind)
        )""",
        """INSERT INTO cards_v3 (id, word, kind, state, due, created_at)
            SELECT c.id, t.simplified, c.kind, c.state, c.due, c.created_at
            FROM cards c JOIN terms t ON t.id = c.term_id
            WHERE c.id = (
                SELECT c2.id FROM cards c2 JOIN terms t2 ON t2.id = c2.term_id
                WHERE t2.simplified = t.simplified AND c2.kind = c.kind
                ORDER BY (SELECT count(*) FROM reviews r WHERE r.card_id = c2.id) DESC,
                    t2.origin = 'builtin', c2.id
                LIMIT 1)""",
        """CREATE TABLE reviews_v3 (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES cards_v3(id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            previous_state TEXT NOT NULL,
            log TEXT NOT NULL
        )""",
        """INSERT INTO reviews_v3 SELECT * FROM reviews
            WHERE card_id IN (SELECT id FROM cards_v3)""",
        """DROP TABLE reviews""",
        """DROP TABLE cards""",
        """ALTER TABLE cards_v3 RENAME TO cards""",
        """ALTER TABLE reviews_v3 RENAME TO reviews""",
        """CREATE INDEX cards_due ON cards(due)""",
        """CREATE INDEX reviews_card ON reviews(card_id)""",
        """CREATE INDEX reviews_at ON reviews(reviewed_at)""",
        # The sentence the learner was reading when they marked a word learning.
        """CREATE TABLE word_contexts (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            sentence TEXT NOT NULL,
            added_at TEXT NOT NULL,
            UNIQUE (word, sentence)
        )""",
        """CREATE INDEX word_contexts_word ON word_contexts(word)""",
        """CREATE TABLE lookups (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL,
            article_id INTEGER,
            looked_up_at TEXT NOT NULL
        )""",
        """CREATE INDEX lookups_word ON lookups(word)""",
        # Every status change, so known words can be counted over time.
        """CREATE TABLE status_log (
            word TEXT NOT NULL,
            status TEXT NOT NULL,
            changed_at TEXT NOT NULL
        )""",
        """CREATE INDEX status_log_at ON status_log(changed_at)""",
        # Words read per day: forward progress of the reading position, per article.
        """CREATE TABLE reading_log (
            day TEXT NOT NULL,
            article_id INTEGER NOT NULL,
            words INTEGER NOT NULL,
            PRIMARY KEY (day, article_id)
        ) WITHOUT ROWID""",
        # Running words per HSK level per article (level 0: beyond the lists), for the
        # library's level column; rewritten when the article's words change.
        """CREATE TABLE article_levels (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            level INTEGER NOT NULL,
            running INTEGER NOT NULL,
            PRIMARY KEY (article_id, level)
        ) WITHOUT ROWID""",
        """CREATE TRIGGER article_words_changed AFTER INSERT ON article_words BEGIN
            DELETE FROM article_levels WHERE article_id = NEW.article_id; END""",
        # Ranks of the commonest words (jieba's dictionary counts), for frequency bands.
        """CREATE TABLE word_frequency (
            word TEXT PRIMARY KEY,
            rank INTEGER NOT NULL
        ) WITHOUT ROWID""",
        """INSERT INTO status_log (word, status, changed_at)
            SELECT word, status, changed_at FROM word_status""",
        """CREATE TRIGGER word_status_logged_insert AFTER INSERT ON word_status BEGIN
            INSERT INTO status_log (word, status, changed_at)
            VALUES (NEW.word, NEW.status, NEW.changed_at); END""",
        """CREATE TRIGGER word_status_logged_update AFTER UPDATE OF status ON word_status
            WHEN OLD.status IS NOT NEW.status BEGIN
            INSERT INTO status_log (word, status, changed_at)
            VALUES (NEW.word, NEW.status, NEW.changed_at); END""",
    ):
        conn.execute(statement)


FTS_HASH = 32 * 1024 * 1024


def _library_at_scale(conn: sqlite3.Connection) -> None:
    """Stored per-article counts, reading progress, a word index and a full-text index.

    The secondary index on article_words(word) is dropped: inserts into it land all over the
    B-tree, so every import transaction rewrote most of its pages. Its job (word -> articles)
    moves to `word_index`, an FTS5 table whose segments are appended and merged.

    `paragraphs` becomes a rowid table: as a WITHOUT ROWID table every paragraph over about
    1 kB (text, token ends and readings) spilled into a mostly empty overflow page, which
    more than doubled the file.
    """
    for statement in (
        """CREATE TABLE paragraphs_rowid (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            token_ends TEXT NOT NULL,
            readings TEXT NOT NULL,
            UNIQUE (article_id, position)
        )""",
        """INSERT INTO paragraphs_rowid (article_id, position, text, token_ends, readings)
           SELECT article_id, position, text, token_ends, readings FROM paragraphs
           ORDER BY article_id, position""",
        """DROP TABLE paragraphs""",
        """ALTER TABLE paragraphs_rowid RENAME TO paragraphs""",
        """ALTER TABLE articles ADD COLUMN last_read_at TEXT NOT NULL DEFAULT ''""",
        # characters before the reading position, for the progress share
        """ALTER TABLE articles ADD COLUMN read_chars INTEGER NOT NULL DEFAULT 0""",
        # running_words counts every running Han word; shares leave ignored ones out
        """CREATE TABLE article_stats (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            distinct_words INTEGER NOT NULL,
            running_words INTEGER NOT NULL,
            ignored_running INTEGER NOT NULL,
            known_running INTEGER NOT NULL,
            new_words INTEGER NOT NULL
        )""",
        """INSERT INTO article_stats
           SELECT a.id, count(w.word), coalesce(sum(w.occurrences), 0),
             coalesce(sum(CASE WHEN s.status = 'ignored' THEN w.occurrences ELSE 0 END), 0),
             coalesce(sum(CASE WHEN s.status = 'known' THEN w.occurrences ELSE 0 END), 0),
             coalesce(sum(CASE WHEN w.word IS NOT NULL AND coalesce(s.status, 'new') = 'new'
                          THEN 1 ELSE 0 END), 0)
           FROM articles a
           LEFT JOIN article_words w ON w.article_id = a.id
           LEFT JOIN word_status s ON s.word = w.word
           GROUP BY a.id""",
        """UPDATE articles SET read_chars = position_char + coalesce((SELECT sum(length(p.text))
           FROM paragraphs p WHERE p.article_id = articles.id
           AND p.position < articles.position_paragraph), 0)""",
        # Every distinct Han word of the library: 2-character searches scan it.
        # Append-only, no index: searches scan it, and new words arrive in random order, so
        # a keyed table would rewrite most of its pages in every import batch. Writers add
        # only words they have not seen; a rare duplicate from two writers is harmless.
        """CREATE TABLE vocabulary (word TEXT NOT NULL)""",
        """INSERT INTO vocabulary SELECT DISTINCT word FROM article_words ORDER BY word""",
        """DROP INDEX article_words_word""",
        # One row per article (rowid = article id): a token per distinct word, the word's
        # UTF-8 in hex, then 'z' and its occurrences (e58f91e5b195z3 for 发展 ×3). Hex keeps
        # every word one token of the ascii tokenizer; the count lets a status change read
        # (article, occurrences) pairs from the index alone (word_instances).
        """CREATE VIRTUAL TABLE word_index USING fts5(
            words, content='', detail=none, tokenize='ascii')""",
        """CREATE VIRTUAL TABLE word_instances USING fts5vocab(word_index, 'instance')""",
        """INSERT INTO word_index (rowid, words)
           SELECT article_id, group_concat(hex(word) || 'z' || occurrences, ' ')
           FROM article_words GROUP BY article_id""",
        """CREATE TRIGGER articles_word_index_delete BEFORE DELETE ON articles BEGIN
             INSERT INTO word_index (word_index, rowid, words)
             SELECT 'delete', OLD.id, group_concat(hex(word) || 'z' || occurrences, ' ')
             FROM article_words WHERE article_id = OLD.id HAVING count(*) > 0;
           END""",
        # Trigram index over paragraph text (queries of 3+ characters), contentless: the
        # text lives once, in paragraphs, whose id is the index's rowid.
        # detail=none: no positions, a third of the size. A query asks for all of its
        # trigrams and the paragraph text confirms the match.
        """CREATE VIRTUAL TABLE paragraph_index USING fts5(
            text, content='', detail=none, tokenize='trigram')""",
        # Merge 16 segments at a time (each level rewrites the postings once: fewer levels,
        # fewer rewrites) and let a whole import batch build up in memory before a flush.
        """INSERT INTO paragraph_index (paragraph_index, rank) VALUES ('automerge', 16)""",
        f"""INSERT INTO paragraph_index (paragraph_index, rank) VALUES ('hashsize', {FTS_HASH})""",
        """INSERT INTO word_index (word_index, rank) VALUES ('automerge', 16)""",
        f"""INSERT INTO word_index (word_index, rank) VALUES ('hashsize', {FTS_HASH})""",
        """INSERT INTO paragraph_index (rowid, text) SELECT id, text FROM paragraphs""",
        """CREATE TRIGGER paragraphs_index_insert AFTER INSERT ON paragraphs BEGIN
             INSERT INTO paragraph_index (rowid, text) VALUES (NEW.id, NEW.text);
           END""",
        """CREATE TRIGGER paragraphs_index_delete AFTER DELETE ON paragraphs BEGIN
             INSERT INTO paragraph_index (paragraph_index, rowid, text)
             VALUES ('delete', OLD.id, OLD.text);
           END""",
        """CREATE TRIGGER paragraphs_index_update AFTER UPDATE OF text ON paragraphs BEGIN
             INSERT INTO paragraph_index (paragraph_index, rowid, text)
             VALUES ('delete', OLD.id, OLD.text);
             INSERT INTO paragraph_index (rowid, text) VALUES (NEW.id, NEW.text);
           END""",
    ):
        conn.execute(statement)


WRITER_INDEXES = "writer_indexes"
"""A `meta` key this version's writers set while they write paragraphs, and remove before
their transaction ends: the full-text trigger below then does nothing."""


def _index_writes_per_batch(conn: sqlite3.Connection) -> None:
    """Drop or mute, for this version's writers, two per-row triggers an import paid for
    on every row.

    - article_words_changed forgot an article's levels once per word row inserted:
      write_word_counts now does it once per article.
    - paragraphs_index_insert added each paragraph to the full-text index as it was
      written, inside the article's savepoint. FTS5 writes out its pending rows at every
      savepoint, so a batch import wrote one small index segment per article: 0.6 s
      instead of 0.1 s per 1M characters. The writers now index new articles themselves
      (`index_new_articles`), a batch after all its savepoints.

    The paragraphs trigger stays, muted, for an older zhreader still running beside this
    one (an import, a reader left open over the upgrade): it never sets the key, so its
    paragraphs are indexed as before instead of missing from the search for good. The
    levels trigger goes: even muted, its check on every word row cost 0.3 s per 1M
    characters, and what an older writer leaves is at worst a stale level for an article
    it re-cut.
    """
    muted = f"WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = '{WRITER_INDEXES}')"
    for statement in (
        "DROP TRIGGER IF EXISTS article_words_changed",
        "DROP TRIGGER IF EXISTS paragraphs_index_insert",
        f"""CREATE TRIGGER paragraphs_index_insert AFTER INSERT ON paragraphs {muted}
            BEGIN INSERT INTO paragraph_index (rowid, text) VALUES (NEW.id, NEW.text); END""",
    ):
        conn.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial_schema),
    Migration(2, "hidden built-in terms; study cards and reviews", _glossary_and_study),
    Migration(3, "readings revision per article", _readings_revision),
    Migration(4, "the learner's corrections: token splits and reading choices", _corrections),
    Migration(
        5,
        "cards per word; word contexts, lookup, status and reading logs; frequency ranks",
        _cards_per_word,
    ),
    Migration(6, "stored article counts, progress, word and full-text indexes", _library_at_scale),
    Migration(7, "index writes once per article or batch, not per row", _index_writes_per_batch),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(database: Database) -> int:
    row = sql(database).execute("PRAGMA user_version").fetchone()
    return int(row[0])


def backup_path(path: Path, version: int) -> Path:
    """A name for the copy kept before an upgrade that no existing file has."""
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.v{version}.{number}.bak")
    return candidate


def _backup(database: Database, path: Path, version: int) -> Path:
    """Copy the whole database through SQLite's backup API (never a file copy: see open_db)."""
    copy_path = backup_path(path, version)
    with atomic_path(copy_path) as partial:  # a kill midway leaves no empty .bak behind
        target = sqlite3.connect(str(partial))
        try:
            sql(database).conn.backup(target)
        finally:
            target.close()
    return copy_path


def _table_names(database: Database) -> set[str]:
    rows = (
        sql(database)
        .execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .fetchall()
    )
    return {row[0] for row in rows}


def check_ownership(database: Database, path: Path, *, adopt: bool) -> None:
    """Refuse another program's SQLite file (a foreign application_id, or tables with no
    zhreader schema version), unless adopted: then back it up before anything changes it."""
    application_id = int(sql(database).execute("PRAGMA application_id").fetchone()[0])
    if application_id == APPLICATION_ID:
        return
    version = schema_version(database)
    tables = _table_names(database)
    ours = version > 0 and {"meta", "articles", "terms"} <= tables
    if application_id == 0 and (ours or not tables):
        return  # a new file, or one written before zhreader set its application_id
    if not adopt:
        raise ForeignDatabaseError(
            f"{path} is another program's SQLite database (tables: {', '.join(sorted(tables))}); "
            "choose another --db, or pass --adopt to add zhreader's tables to it "
            "(a backup is kept first)"
        )
    _backup(database, path, version)


def refuse_newer_schema(database: Database, path: Path | None) -> None:
    """Raise NewerSchemaError, without writing anything, for a file from a newer zhreader."""
    current = schema_version(database)
    if current > LATEST_VERSION:
        where = f"{path} " if path else ""
        raise NewerSchemaError(
            f"the database {where}has schema version {current}, newer than this zhreader "
            f"understands ({LATEST_VERSION}); upgrade zhreader. The file was not changed."
        )


def _mark_as_ours(database: Database) -> None:
    """Stamp a database from before application_id was set; a read-only file stays as is."""
    try:
        with database.atomic():
            sql(database).execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except sqlite3.OperationalError as error:
        if "readonly" not in str(error):
            raise


def apply_migrations(database: Database, path: Path | None) -> int:
    """Bring the schema to LATEST_VERSION, keeping a copy of an existing file first."""
    refuse_newer_schema(database, path)
    current = schema_version(database)
    if current == LATEST_VERSION:
        if int(sql(database).execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
            _mark_as_ours(database)
        return current
    if path is not None and current > 0:
        _backup(database, path, current)
    conn = sql(database).conn
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        with database.atomic():
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        current = migration.version
    return current
