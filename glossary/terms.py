"""The glossary: the built-in pack, the learner's own terms, statuses, contexts and TSV files.

Built-in terms come from `builtin_terms.tsv`, versioned by its `# version=N` line: when the
shipped pack is newer than the one a database holds, it is synced in one transaction. Editing
a built-in term makes a user copy; a later pack update changes only the built-in row, so the
copy survives. Every change that can alter segmentation or readings (a word's visible forms or
pinyin, not its definition, notes or tags) bumps the glossary revision, and the articles that
contain a changed word become stale (re-cut by the reader or `resegment`).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib.resources import files
from typing import TextIO

from db import Database
from db.articles import articles_containing, current_article_ids, mark_current
from db.errors import ZhreaderError
from db.meta import get_meta, set_meta
from db.terms import (
    STATUSES,
    Origin,
    Status,
    Term,
    TermFields,
    add_context,
    builtin_terms,
    bump_glossary_revision,
    clear_status,
    contexts_of,
    copy_contexts,
    delete_term_row,
    effective_terms,
    get_term,
    hidden_builtin_terms,
    insert_term,
    paragraphs_containing,
    set_hidden,
    set_status,
    statuses_of,
    term_by_word,
    update_term,
)
from glossary.pinyin import marked_to_numbered, pinyin_syllables, split_pinyin, toneless
from glossary.script import could_be_word, has_han

PACK_FILE = "builtin_terms.tsv"
TSV_COLUMNS = (
    "simplified", "traditional", "pinyin", "definition", "notes", "tags", "origin", "status",
    "contexts", "hidden",
)  # fmt: skip
_SENTENCE_END = "。！？!?；;"
_CLOSERS = "”’」』）)】"
SENTENCE_REACH = 300
_NUMBERED_SYLLABLE = re.compile(r"^[A-Za-zÜüÊê:]+[1-5]$")


class GlossaryError(ZhreaderError):
    """A glossary operation the user asked for cannot be done; one clear line.

    `field` names the term field at fault (`pinyin`), for a form to point at it.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- pack ------------------------------------------------------------------------------------


def read_pack() -> tuple[int, list[TermFields]]:
    """The shipped pack's version and terms."""
    text = files("glossary").joinpath(PACK_FILE).read_text(encoding="utf-8")
    version = 0
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            match = re.match(r"#\s*version=(\d+)", line)
            if match:
                version = int(match.group(1))
        elif line.strip():
            lines.append(line)
    rows = list(csv.DictReader(lines, delimiter="\t"))
    terms = [
        TermFields(
            simplified=row["simplified"],
            traditional=row["traditional"],
            pinyin=row["pinyin"],
            definition=row["definition"],
            tags=row["tags"],
        )
        for row in rows
    ]
    return version, terms


def sync_builtin_pack(database: Database) -> int:
    """Bring built-in terms up to the shipped pack; returns how many terms changed.

    Runs at open; a no-op (one meta read) when the database already has this pack version.
    """
    stored = get_meta(database, "builtin_pack_version")
    version, pack = read_pack()
    if stored is not None and int(stored) >= version:
        return 0
    with database.atomic():
        existing = builtin_terms(database)
        changed: list[str] = []
        for fields in pack:
            term = existing.pop(fields.simplified, None)
            if term is None:
                insert_term(database, fields, Origin.BUILTIN)
                changed.append(fields.simplified)
            elif term.fields != replace(fields, notes=term.notes):
                update_term(database, term.id, replace(fields, notes=term.notes))
                if term.hidden:
                    set_hidden(database, term.id, True)
                changed.append(fields.simplified)
        for removed in existing.values():
            delete_term_row(database, removed.id)
            changed.append(removed.simplified)
        _segmentation_changed(database, changed)
        set_meta(database, "builtin_pack_version", str(version))
    return len(changed)


CUT_METHOD_REVISION = 3  # 1: 他长 is 他 + 长; 2, 3: 龙兴 / 镇西 / 关村 is 龙兴镇 / 西关村
"""The version of how glossary/segment.py cuts text. Bump it with any change there that
cuts some text differently: every stored article is then re-cut, as after a glossary
change (readings alone have READINGS_REVISION)."""


def sync_cut_method(database: Database) -> bool:
    """Mark every article stale when it was cut by an older method; runs at open, a no-op
    (one meta read) when nothing changed. True when articles were marked."""
    stored = get_meta(database, "cut_method_revision")
    if stored is not None and int(stored) >= CUT_METHOD_REVISION:
        return False
    with database.atomic():
        bump_glossary_revision(database)
        set_meta(database, "cut_method_revision", str(CUT_METHOD_REVISION))
    return True


def _segmentation_changed(database: Database, words: Iterable[str]) -> list[int]:
    """Bump the revision; articles not containing any changed word stay current."""
    words = [w for w in dict.fromkeys(words) if w]
    if not words:
        return []
    revision = bump_glossary_revision(database)
    affected: set[int] = set()
    for word in words:
        affected.update(articles_containing(database, word))
    unaffected = set(current_article_ids(database, revision - 1)) - affected
    mark_current(database, sorted(unaffected), revision)
    return sorted(affected)


# --- terms -----------------------------------------------------------------------------------


MAX_TERM_CHARACTERS = 40  # 中华人民共和国全国人民代表大会常务委员会 has 20


def checked_fields(fields: TermFields) -> TermFields:
    """The fields as stored (trimmed, pinyin numbered), or GlossaryError saying what is
    wrong: the term dialog asks before it closes, and every write asks again."""
    simplified = fields.simplified.strip()
    if not simplified:
        raise GlossaryError("a term needs its Chinese form", "simplified")
    if not could_be_word(simplified):
        raise GlossaryError(
            f"{simplified!r} is not a Chinese word (no spaces or control characters); "
            "only those become terms",
            "simplified",
        )
    if len(simplified) > MAX_TERM_CHARACTERS:
        # jieba's cost grows with the longest word it knows: a 40,000-character term made
        # every import crawl.
        raise GlossaryError(
            f"a term has at most {MAX_TERM_CHARACTERS} characters; this one has "
            f"{len(simplified):,}",
            "simplified",
        )
    traditional = fields.traditional.strip() or simplified
    if len(traditional) != len(simplified) or not could_be_word(traditional):
        raise GlossaryError(
            f"{simplified}: the traditional form {traditional!r} is not the same word "
            "written character for character",
            "traditional",
        )
    if not fields.definition.strip():
        raise GlossaryError(f"{simplified}: a term needs a definition", "definition")
    han_count = _han_count(simplified)
    pinyin = normalise_pinyin(fields.pinyin, han_count)
    if pinyin and (
        _syllable_count(pinyin) != han_count
        or not all(
            _is_syllable(part) or part.lower() in simplified.lower() for part in pinyin.split()
        )
    ):  # xia4 yu3ZZZ has two syllables and something that is none; 卡拉OK is ka3 la1 O K
        raise GlossaryError(_pinyin_mismatch(simplified, fields.pinyin, han_count), "pinyin")
    return TermFields(
        simplified=simplified,
        traditional=traditional,
        pinyin=pinyin,
        definition=" ".join(fields.definition.split()),
        notes=fields.notes.strip(),
        tags=" ".join("_".join(t.split()) for t in fields.tags.replace(",", " ").split()),
    )


_TONE_MARKS = frozenset("\u0304\u0301\u030c\u0300")  # combining macron, acute, caron, grave


def _has_tones(typed: str) -> bool:
    """Whether pinyin as typed says its tones, by digits or marks (ü's dots are no tone)."""
    return any(c.isdigit() or c in _TONE_MARKS for c in unicodedata.normalize("NFD", typed))


def normalise_pinyin(text: str, characters: int | None = None) -> str:
    """Numbered pinyin as stored: accepts `di4 yi1`, `di4yi1` or spaced tone marks `dì yī`.

    Given the word's count of Han `characters`, pinyin written joined by words as zhreader
    writes it (`dìyī shūjì`, `Zhōnghuá mínzú`, `Xī'ān`) is split into that many syllables;
    input that cannot be split so comes back as read, for `checked_fields` to refuse.
    """
    text = text.strip()
    if not text:
        return ""
    if re.search(r"[1-5]", text):
        parts = re.findall(r"[A-Za-zÜüÊê:]+[1-5]|[A-Za-zÜüÊê:]+", text)
        numbered = " ".join(parts).replace("ü", "u:").replace("Ü", "U:")
    else:
        numbered = " ".join(marked_to_numbered(part) for part in text.split())
    if characters is None or _syllable_count(numbered) == characters:
        return numbered
    split = split_pinyin(text, characters)
    return " ".join(split) if split is not None else numbered


def _syllable_count(numbered: str) -> int:
    return sum(1 for s in numbered.split() if _NUMBERED_SYLLABLE.match(s))


def _is_syllable(numbered: str) -> bool:
    """`zhong1`, `lu:4`, `r5` (erhua): a pinyin syllable with its tone digit."""
    match = _NUMBERED_SYLLABLE.match(numbered)
    if match is None:
        return False
    spelled = numbered[:-1].lower().replace("u:", "ü").replace("v", "ü")
    return spelled in pinyin_syllables() or spelled == "r"


def _han_count(word: str) -> int:
    return sum(1 for c in word if "\u3400" <= c <= "\u9fff")


def _pinyin_mismatch(word: str, typed: str, characters: int) -> str:
    """One line saying why pinyin does not fit the word: how many syllables it holds, split
    as orthography writes it, or that it is not pinyin at all."""
    natural = split_pinyin(typed)
    if natural is None:
        return f"{word}: {typed!r} is not pinyin ({characters} syllables wanted, one per character)"
    return f"{word}: pinyin {typed!r} has {len(natural)} syllables for {characters} characters"


CuttingForms = tuple[str, str, str]


def _cutting_forms(term: Term | None) -> CuttingForms | None:
    """What cutting and readings take from a term: its two forms and its pinyin."""
    return None if term is None else (term.simplified, term.traditional, term.pinyin)


@dataclass(frozen=True)
class ContextRef:
    article_id: int | None
    sentence: str


@dataclass(frozen=True)
class GlossaryEntry:
    """A term with what the learner has attached to it, for tables and exports."""

    term: Term
    status: str
    contexts: tuple[str, ...] = field(default_factory=tuple)


class Glossary:
    """Glossary operations on one database; each is one transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def visible_term(self, word: str) -> Term | None:
        user = term_by_word(self.database, word, Origin.USER)
        if user is not None and not user.hidden:
            return user
        builtin = term_by_word(self.database, word, Origin.BUILTIN)
        return builtin if builtin is not None and not builtin.hidden else None

    def _visible_forms(self, words: Iterable[str]) -> dict[str, CuttingForms | None]:
        return {word: _cutting_forms(self.visible_term(word)) for word in words}

    def _forms_changed(self, before: dict[str, CuttingForms | None]) -> list[int]:
        """The articles to re-cut: those holding a word whose visible forms or pinyin are no
        longer what `before` says. A new definition, note or tag re-cuts nothing."""
        after = self._visible_forms(before)
        return _segmentation_changed(self.database, [w for w in before if after[w] != before[w]])

    def _with_dictionary_tones(self, fields: TermFields) -> TermFields:
        """Pinyin typed without tones takes the tones of the dictionary's reading, or
        pypinyin's, whose letters it spells: `xian` for 西安 is Xi1 an1, `fangan` for 方案
        fang1 an4 (split by letters alone it would be fan + gan). Otherwise it stays."""
        typed = fields.pinyin
        if not typed.strip() or _has_tones(typed) or not has_han(fields.simplified):
            return fields
        from glossary.lookup import Dictionary
        from glossary.pinyin import pypinyin_numbered

        word = fields.simplified.strip()

        def letters(pinyin: str) -> str:
            return toneless(pinyin).replace(" ", "")

        found = Dictionary(self.database).readings_for([word])
        candidates = [r.pinyin for r in found.get(word, ())]
        candidates.append(" ".join(pypinyin_numbered(word)))
        toned = next((c for c in candidates if letters(c) == letters(typed)), None)
        return replace(fields, pinyin=toned) if toned else fields

    def add(self, fields: TermFields, context: ContextRef | None = None) -> tuple[Term, list[int]]:
        """Add (or update) the user's term; returns it and the articles to re-cut."""
        fields = checked_fields(self._with_dictionary_tones(fields))
        with self.database.atomic():
            before = self._visible_forms([fields.simplified])
            existing = term_by_word(self.database, fields.simplified, Origin.USER)
            builtin = term_by_word(self.database, fields.simplified, Origin.BUILTIN)
            if existing is not None:
                update_term(self.database, existing.id, fields)
                term_id = existing.id
            else:
                term_id = insert_term(self.database, fields, Origin.USER)
                if builtin is not None:
                    copy_contexts(self.database, builtin.id, term_id)
            if context is not None and context.sentence.strip():
                add_context(self.database, term_id, context.article_id, context.sentence.strip())
            word = fields.simplified
            if statuses_of(self.database, [word]).get(word, Status.NEW) == Status.NEW:
                set_status(self.database, [word], Status.LEARNING)
            affected = self._forms_changed(before)
        term = get_term(self.database, term_id)
        assert term is not None
        return term, affected

    def edit(self, term_id: int, fields: TermFields) -> tuple[Term, list[int]]:
        """Edit a term; a built-in term gets a user copy and stays as shipped."""
        fields = checked_fields(self._with_dictionary_tones(fields))
        term = get_term(self.database, term_id)
        if term is None:
            raise GlossaryError(f"no term #{term_id}")
        with self.database.atomic():
            before = self._visible_forms([term.simplified, fields.simplified])
            if term.origin == Origin.BUILTIN:
                user = term_by_word(self.database, fields.simplified, Origin.USER)
                if user is None:
                    new_id = insert_term(self.database, fields, Origin.USER)
                    copy_contexts(self.database, term.id, new_id)
                else:
                    update_term(self.database, user.id, fields)
                    new_id = user.id
            else:
                update_term(self.database, term.id, fields)
                new_id = term.id
            affected = self._forms_changed(before)
        edited = get_term(self.database, new_id)
        assert edited is not None
        return edited, affected

    def delete(self, term_id: int) -> list[int]:
        """Delete a user term, or hide a built-in one (pack updates keep it hidden)."""
        term = get_term(self.database, term_id)
        if term is None:
            raise GlossaryError(f"no term #{term_id}")
        with self.database.atomic():
            before = self._visible_forms([term.simplified])
            if term.origin == Origin.BUILTIN:
                set_hidden(self.database, term.id, True)
            else:
                delete_term_row(self.database, term.id)
            if self.visible_term(term.simplified) is None:
                clear_status(self.database, [term.simplified])
            return self._forms_changed(before)

    def set_status(self, words: Iterable[str], status: Status | str) -> None:
        """Set the status of Chinese words, in the dictionary or not (the library may hold
        words it lacks); anything that cannot be a word is refused, and nothing changes."""
        if status not in STATUSES:
            raise GlossaryError(f"status must be one of {', '.join(STATUSES)}")
        status = Status(status)
        words = [w.strip() for w in words]
        not_words = [w for w in words if not could_be_word(w)]
        if not_words:
            listed = ", ".join(repr(w) for w in not_words[:5])
            raise GlossaryError(
                f"only Chinese words (no spaces or control characters) have a status; not {listed}"
            )
        with self.database.atomic():
            set_status(self.database, words, status)

    def entries(self) -> list[GlossaryEntry]:
        terms = effective_terms(self.database)
        statuses = statuses_of(self.database, [t.simplified for t in terms])
        contexts = contexts_of(self.database, [t.id for t in terms])
        return [
            GlossaryEntry(
                term,
                statuses.get(term.simplified, "new"),
                tuple(c.sentence for c in contexts.get(term.id, [])),
            )
            for term in terms
        ]

    def search(self, query: str) -> list[GlossaryEntry]:
        """Hanzi, toneless pinyin (`diyi shuji`) or English; `tag:`, `status:`, `origin:`."""
        filters: dict[str, str] = {}
        words = []
        for part in query.split():
            key, colon, value = part.partition(":")
            if colon and key in {"tag", "status", "origin"}:
                filters[key] = value.lower()
            else:
                words.append(part)
        text = " ".join(words).strip().lower()
        compact = toneless(text).replace(" ", "")
        results = []
        for entry in self.entries():
            term = entry.term
            if "tag" in filters and filters["tag"] not in [t.lower() for t in term.tag_list]:
                continue
            if "status" in filters and entry.status != filters["status"]:
                continue
            if "origin" in filters and term.origin != filters["origin"]:
                continue
            if text and not (
                text in term.simplified
                or text in term.traditional
                or (compact and compact in toneless(term.pinyin).replace(" ", ""))
                or text in term.definition.lower()
                or text in term.notes.lower()
            ):
                continue
            results.append(entry)
        return results

    def concordance(self, word: str, limit: int = 100) -> list[tuple[int, str, str]]:
        """The sentences in the library containing `word`, the first `limit` of them:
        (article id, title, sentence)."""
        found: list[tuple[int, str, str]] = []
        for article_id, title, paragraph in paragraphs_containing(self.database, word):
            if len(found) >= limit:
                break
            start = paragraph.find(word)
            while start >= 0 and len(found) < limit:
                sentence = sentence_around(paragraph, start, start + len(word))
                if not found or found[-1][2] != sentence:
                    found.append((article_id, title, sentence))
                start = paragraph.find(word, start + len(word))
        return found

    # --- TSV ---------------------------------------------------------------------------------

    def export_tsv(self, stream: TextIO) -> int:
        """Write every term with status and contexts, hidden built-ins included; returns the
        count. Export, import into another database and export again gives the same bytes."""
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        writer.writerow(TSV_COLUMNS)
        entries = self.entries()
        hidden = hidden_builtin_terms(self.database)
        hidden_statuses = statuses_of(self.database, [t.simplified for t in hidden])
        rows = [(entry.term, entry.status, entry.contexts, "") for entry in entries]
        rows += [(t, hidden_statuses.get(t.simplified, "new"), (), "1") for t in hidden]
        for term, status, contexts, is_hidden in sorted(rows, key=lambda r: r[0].simplified):
            writer.writerow(
                [
                    term.simplified, term.traditional, term.pinyin, term.definition, term.notes,
                    term.tags, term.origin, status,
                    json.dumps(list(contexts), ensure_ascii=False), is_hidden,
                ]
            )  # fmt: skip
        return len(rows)

    def import_tsv(self, stream: TextIO, *, replace_own: bool = False) -> ImportReport:
        """Add the terms of a glossary TSV, all or nothing.

        Parsing is strict: a malformed row (a quote left open, a wrong column count, a bad
        status or pinyin) is reported by line and nothing is imported. A row that would
        change one of the learner's own terms is a conflict: it is listed and skipped unless
        `replace_own`; the other rows still land.
        """
        rows = list(_strict_rows(stream))
        report = ImportReport()
        checked: list[tuple[int, TermFields, dict[str, str], list[str]]] = []
        seen: dict[str, int] = {}
        for number, values in rows:
            parsed = self._parse_row(number, values, report)
            if parsed is None:
                continue
            fields, contexts = parsed
            if fields.simplified in seen:
                report.duplicates.append(
                    (number, f"{fields.simplified} repeats line {seen[fields.simplified]}")
                )
                continue
            seen[fields.simplified] = number
            checked.append((number, fields, values, contexts))
        if report.bad:
            return report  # nothing lands: the file needs fixing first
        with self.database.atomic():
            for number, fields, values, contexts in checked:
                self._import_row(number, fields, values, contexts, report, replace_own)
        return report

    def _parse_row(
        self, number: int, values: dict[str, str], report: ImportReport
    ) -> tuple[TermFields, list[str]] | None:
        try:
            for column, value in values.items():
                if "\n" in value and column != "notes":
                    raise ValueError(f"a line break inside {column}: is a quote left open?")
            fields = checked_fields(
                TermFields(
                    values.get("simplified", ""), values.get("traditional", ""),
                    values.get("pinyin", ""), values.get("definition", ""),
                    values.get("notes", ""), values.get("tags", ""),
                )
            )  # fmt: skip
            try:
                contexts = json.loads(values.get("contexts") or "[]")
            except RecursionError:
                raise ValueError(
                    "contexts are nested too deeply; a JSON list of sentences"
                ) from None
            if not isinstance(contexts, list) or not all(isinstance(c, str) for c in contexts):
                raise ValueError("contexts must be a JSON list of sentences")
            status = values.get("status", "").strip() or "new"
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}")
            if values.get("origin", "").strip() not in {"", "user", "builtin"}:
                raise ValueError(f"unknown origin {values['origin']!r}")
            if values.get("hidden", "").strip() not in {"", "0", "1"}:
                raise ValueError(f"hidden must be 1 or empty, not {values['hidden']!r}")
        except (GlossaryError, ValueError) as error:
            report.bad.append((number, str(error)))
            return None
        return fields, contexts

    def _import_row(
        self,
        number: int,
        fields: TermFields,
        values: dict[str, str],
        contexts: list[str],
        report: ImportReport,
        replace_own: bool,
    ) -> None:
        simplified = fields.simplified
        origin = values.get("origin", "").strip() or "user"
        builtin = term_by_word(self.database, simplified, Origin.BUILTIN)
        user = term_by_word(self.database, simplified, Origin.USER)
        if origin == Origin.BUILTIN and builtin is not None and builtin.fields == fields:
            term_id = builtin.id
            if values.get("hidden", "").strip() == "1" and not builtin.hidden:
                set_hidden(self.database, builtin.id, True)
                _segmentation_changed(self.database, [simplified])
            report.unchanged += 1
        elif user is not None and user.fields == fields:
            term_id = user.id
            report.duplicates.append((number, f"{simplified} is already in the glossary"))
        elif user is not None and not replace_own:
            report.conflicts.append(
                (number, f"{simplified}: yours says {user.definition!r}, the file "
                 f"{fields.definition!r} (--replace to take the file's)")
            )  # fmt: skip
            return
        else:
            if user is None:
                term_id = insert_term(self.database, fields, Origin.USER)
                report.added += 1
            else:
                term_id = user.id
                update_term(self.database, user.id, fields)
                report.replaced += 1
            _segmentation_changed(self.database, [simplified])
        for sentence in contexts:
            add_context(self.database, term_id, None, sentence)
        set_status(self.database, [simplified], Status(values.get("status", "").strip() or "new"))


# A generous cap per field: a definition or notes field is never near this.
MAX_TSV_FIELD = 1 << 20


def _strict_rows(stream: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, values by column) for each non-empty row; a malformed file raises
    GlossaryError naming the line."""
    csv.field_size_limit(MAX_TSV_FIELD)
    reader = csv.reader(stream, delimiter="\t", strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise GlossaryError(f"line 1: {error}") from error
    if header is None or [h.strip().lower() for h in header[:4]] != list(TSV_COLUMNS[:4]):
        raise GlossaryError(
            "not a zhreader glossary TSV: the first line must be " + "\t".join(TSV_COLUMNS)
        )
    columns = [h.strip().lower() for h in header]
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "field larger" in reason:
                reason = f"a field longer than {MAX_TSV_FIELD // 1024} KiB"
            raise GlossaryError(f"line {first_line}: {reason}; nothing was imported") from error
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise GlossaryError(
                f"line {first_line}: {len(row)} columns, expected {len(columns)} (a tab or quote "
                "out of place?); nothing was imported"
            )
        yield first_line, dict(zip(columns, row, strict=True))


@dataclass
class ImportReport:
    """What a glossary TSV import did, row by row (line numbers of the file)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    conflicts: list[tuple[int, str]] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds [start, end), closing quotes included; at most
    SENTENCE_REACH characters on each side (text without punctuation has no sentences, and
    scanning all of it for each of many matches froze search for a minute)."""
    low = max(0, start - SENTENCE_REACH)
    found = max(text.rfind(mark, low, start) for mark in _SENTENCE_END)
    left = found + 1 if found >= 0 else low
    high = min(len(text), end + SENTENCE_REACH)
    ends = [index for mark in _SENTENCE_END if (index := text.find(mark, end, high)) >= 0]
    right = min(ends) + 1 if ends else high
    while right < len(text) and text[right] in _CLOSERS:
        right += 1
    return text[left:right].strip().lstrip(_CLOSERS)
