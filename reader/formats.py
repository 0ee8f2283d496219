"""From bytes to an article: encoding detection, formats, titles and paragraphs.

Pure functions with no database: the library imports what they return.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import ZhreaderError
from glossary.script import has_han

if TYPE_CHECKING:
    import zipfile
    from xml.etree.ElementTree import Element

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub"}
MAX_TITLE_CELLS = 40
SENTENCE_END = "。！？!?…"
_IDEOGRAPHIC_INDENT = re.compile(r"[\u3000]{2,}")
_BYLINE = re.compile(r"^(?:文|作者|记者|撰文|来源)\s*[|｜:：/]\s*(\S.{0,20})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ArticleFormatError(ZhreaderError):
    """The input cannot become an article; the message says why in one line."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    paragraphs: list[str]
    author: str = ""
    published: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    part: str = ""
    """For a part of a long text (see in_parts), " (2/7)": put after whatever title it gets,
    the text's own or one given with --title."""


# --- bytes to text -------------------------------------------------------------------------


MIN_ENCODING_CONFIDENCE = 0.5
_GB_FAMILY = ("gb", "hz", "euc-cn", "cp936")
_BIG5_FAMILY = ("big5", "cp950")


def decode(raw: bytes, name: str = "input") -> str:
    """The text of `raw`; see `decode_counted`, whose count of bad bytes this drops."""
    return decode_counted(raw, name)[0]


def decode_counted(raw: bytes, name: str = "input") -> tuple[str, int]:
    """UTF-8 (with or without BOM); otherwise the detected GB or Big5 encoding.

    Returns the text and how many invalid byte sequences became U+FFFD: text that is UTF-8
    but for a few bad bytes (a damaged download, a mixed-encoding file) is kept that way.
    Any GB-family guess decodes as gb18030, its superset. A guess outside GB and Big5 is
    trusted only with confidence; binary data is refused.
    """
    if not raw.strip():
        raise ArticleFormatError(f"{name} is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), 0
        except UnicodeDecodeError as error:
            raise ArticleFormatError(f"{name} is damaged UTF-16 text") from error
    if b"\x00" in raw[:8192]:
        raise ArticleFormatError(f"{name} is not a text file (it contains binary data)")
    try:
        return raw.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    lenient, bad = _utf8_with_replacements(raw)
    multibyte = sum(1 for char in lenient if ord(char) > 0x7F and char != REPLACEMENT)
    if multibyte >= 4 * bad:  # mostly UTF-8: a legacy encoding read as UTF-8 fails everywhere
        return lenient, bad
    import chardet

    guess = chardet.detect(raw[:65536])
    encoding = (guess.get("encoding") or "").lower()
    confidence = float(guess.get("confidence") or 0.0)
    candidates: list[str] = []
    if encoding.startswith(_GB_FAMILY):
        candidates.append("gb18030")
    elif encoding.startswith(_BIG5_FAMILY):
        candidates.append("big5hkscs")
    elif encoding and confidence >= MIN_ENCODING_CONFIDENCE:
        candidates.append(encoding)
    candidates += [c for c in ("gb18030", "big5hkscs") if c not in candidates]
    for candidate in candidates:
        try:
            text = raw.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        if has_han(text) or candidate == encoding:
            return text, 0
    if multibyte:
        return lenient, bad
    guessed = f"; best guess {encoding} at confidence {confidence:.2f}" if encoding else ""
    raise ArticleFormatError(
        f"{name} is not UTF-8, GB18030 or Big5 text (no encoding fits{guessed})"
    )


REPLACEMENT = "\ufffd"


def _utf8_with_replacements(raw: bytes) -> tuple[str, int]:
    """`raw` as UTF-8 with U+FFFD for each invalid sequence, and how many there were."""
    import codecs

    bad = 0
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    pieces: list[str] = []
    view = memoryview(raw)
    position = 0
    while position < len(raw):
        try:
            pieces.append(decoder.decode(view[position:], final=True))
            break
        except UnicodeDecodeError as error:
            # error offsets are relative to the slice; keep what was valid before it
            pieces.append(bytes(view[position : position + error.start]).decode("utf-8", "replace"))
            pieces.append(REPLACEMENT)
            bad += 1
            position += error.end
            decoder.reset()
            if bad > 10_000:  # clearly not UTF-8: stop counting, the caller gives up on it
                pieces.append(bytes(view[position:]).decode("utf-8", "replace"))
                break
    text = "".join(pieces)
    return (text[1:] if text.startswith("\ufeff") else text), bad


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters (escapes would reach the terminal)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


# --- paragraphs and titles -----------------------------------------------------------------


def _join_lines(lines: list[str]) -> str:
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[:1].isascii():
            joined += " "
        joined += line
    return joined


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs marked by `　　` (even all on one line), by indentation, or by blank lines."""
    text = clean_text(text)
    blocks = re.split(r"\n[ \t\u3000]*\n", text)
    several_blocks = sum(1 for block in blocks if block.strip()) > 1
    paragraphs: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        indented = [line[:1] in {" ", "\t", "\u3000"} for line in lines]
        if any(indented[1:]):  # indentation starts paragraphs; other lines continue them
            current: list[str] = []
            for line, starts in zip(lines, indented, strict=True):
                if starts and current:
                    paragraphs.append(_join_lines(current))
                    current = []
                current.append(line.strip())
            paragraphs.append(_join_lines(current))
        elif several_blocks and not any(indented):
            paragraphs.append(_join_lines([line.strip() for line in lines]))
        else:
            paragraphs.extend(line.strip() for line in lines)
    pieces: list[str] = []
    for paragraph in paragraphs:
        pieces.extend(piece.strip() for piece in _IDEOGRAPHIC_INDENT.split(paragraph))
    return [piece.strip("\u3000 \t") for piece in pieces if piece.strip("\u3000 \t")]


def _is_title_like(line: str) -> bool:
    from rich.cells import cell_len

    return (
        cell_len(line) <= 2 * MAX_TITLE_CELLS
        and not any(mark in line for mark in "。！？")
        and line[-1:] not in SENTENCE_END + "，,；;："
    )


def shorten(text: str, cells: int = MAX_TITLE_CELLS) -> str:
    """`text` cut to `cells` cells with an ellipsis when longer; a hanzi is never split."""
    from rich.cells import cell_len, chop_cells

    if cell_len(text) <= cells:
        return text
    return chop_cells(text, max(cells - 1, 0))[0] + "…"


def first_sentence(paragraph: str) -> str:
    match = re.search(f"[{SENTENCE_END}]", paragraph)
    sentence = paragraph[: match.start()] if match else paragraph
    return shorten(sentence.strip("“”\"'「」 "))


def article_from_paragraphs(
    paragraphs: list[str], title: str = "", author: str = ""
) -> ParsedArticle:
    """Take the title from the first short line (removed from the body), else the first
    sentence of the text (kept in the body); a byline such as `文 | 王志辉` gives the author."""
    paragraphs = [p for p in paragraphs if p.strip()]
    if not any(has_han(p) for p in paragraphs):
        raise ArticleFormatError("no Chinese text found")
    if not title:
        if _is_title_like(paragraphs[0]) and len(paragraphs) > 1:
            title = paragraphs.pop(0)
        else:
            title = first_sentence(paragraphs[0])
    if not author:
        for paragraph in paragraphs[:3]:
            byline = _BYLINE.match(paragraph)
            if byline:
                author = byline.group(1).strip()
                break
            if 2 <= len(paragraph) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in paragraph):
                author = paragraph  # a bare name under the title, as newspapers print it
                break
    return ParsedArticle(
        title=shorten(title, 2 * MAX_TITLE_CELLS), paragraphs=paragraphs, author=author
    )


# --- formats -------------------------------------------------------------------------------


def parse_plain(text: str) -> ParsedArticle:
    return article_from_paragraphs(split_paragraphs(text))


_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
# Hugo's TOML front matter, between +++ lines.
_TOML_FRONT_MATTER = re.compile(r"\A\s*\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
# Each regex on content runs in linear time on hostile input (800 KB of `中 _文` once took
# minutes): a repetition never crosses the character that could start another match, and is
# possessive, so no position is scanned twice. Nested emphasis is peeled one level per pass.
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}+\]\([^()\s]{0,2000}+\)")
_MD_LINK = re.compile(r"\[([^\[\]\n]{0,500}+)\]\([^()\s]{0,2000}+\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)([^\n*_~`]{1,1000}+)(?<=\S)\1")
_EMPHASIS_PASSES = 3
_MD_PREFIX = re.compile(r"^[ \t]{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.MULTILINE)
_HTML_TAG = re.compile(r"<\s*(p|div|br|strong|img|a|span|section|h[1-6]|em|b|i)\b", re.IGNORECASE)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, bytes):  # YAML's !!binary: text, not "b'…'"
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def normalise_date(value: str) -> str:
    """ISO `YYYY-MM-DD` for the date formats articles use; anything else unchanged."""
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    value = value.strip()
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = re.match(r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})", value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value


MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_FRONT_MATTER_DEPTH = 20


def load_front_matter(source: str) -> tuple[dict[str, object], str]:
    """YAML front matter as a mapping with lower-case keys, and a warning when it is ignored.

    Parsed safely and bounded: no aliases at all (a billion-laughs bomb and self-reference
    both need them), at most 20 levels of nesting and 64 KiB; dates stay strings, so an
    impossible date such as 2024-02-30 is only text.
    """
    if len(source) > MAX_FRONT_MATTER_CHARS:
        return {}, "front matter larger than 64 KiB ignored"
    import yaml

    try:
        loaded = yaml.load(source, Loader=_front_matter_loader())  # a SafeLoader subclass
    except _FrontMatterRefused as refusal:
        return {}, f"front matter ignored: {refusal}"
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return {}, "malformed front matter ignored"
    if not isinstance(loaded, dict):
        return {}, "front matter is not a mapping; ignored"
    return {str(key).lower(): value for key, value in loaded.items()}, ""


def _front_matter(
    text: str,
) -> tuple[re.Match[str], Callable[[str], tuple[dict[str, object], str]]] | None:
    """The front matter block that opens `text`, YAML (---) or TOML (+++), with its loader."""
    match = _FRONT_MATTER.match(text)
    if match is not None:
        return match, load_front_matter
    match = _TOML_FRONT_MATTER.match(text)
    return (match, load_toml_front_matter) if match is not None else None


def load_toml_front_matter(source: str) -> tuple[dict[str, object], str]:
    """TOML front matter (Hugo's `+++`), as `load_front_matter` gives YAML's."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        return {}, "front matter larger than 64 KiB ignored"
    import tomllib

    try:
        loaded = tomllib.loads(source)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}, "malformed front matter ignored"
    return {key.lower(): value for key, value in loaded.items()}, ""


class _FrontMatterRefused(ValueError):
    pass


@cache
def _front_matter_loader() -> type[Any]:
    """Built on first use, so importing this module never imports yaml."""
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader without aliases or timestamps, with a depth limit."""

        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise _FrontMatterRefused("it uses YAML aliases")
            self.depth += 1
            try:
                if self.depth > MAX_FRONT_MATTER_DEPTH:
                    raise _FrontMatterRefused("it is nested too deeply")
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def parse_markdown(text: str) -> ParsedArticle:
    """Markdown with optional YAML front matter and inline HTML."""
    text = clean_text(text)
    metadata: dict[str, object] = {}
    warnings: list[str] = []
    found = _front_matter(text)
    if found:
        match, load = found
        metadata, warning = load(match.group(1))
        if warning:
            warnings.append(warning)
        text = text[match.end() :]
    if _HTML_TAG.search(text):
        paragraphs = html_paragraphs(text)
    else:
        body = _MD_IMAGE.sub("", text)
        body = _MD_LINK.sub(r"\1", body)
        body = _MD_PREFIX.sub("", body)
        for _ in range(_EMPHASIS_PASSES):
            body, changed = _MD_EMPHASIS.subn(r"\2", body)
            if not changed:
                break
        paragraphs = split_paragraphs(body)
    title = _as_text(metadata.get("title")).strip("'\"")
    categories = metadata.get("categories") or metadata.get("tags") or []
    tags = tuple(_as_text(c) for c in categories) if isinstance(categories, list) else ()
    article = article_from_paragraphs(
        paragraphs, title=title, author=_as_text(metadata.get("author"))
    )
    return replace(
        article,
        published=normalise_date(_as_text(metadata.get("date"))),
        source=_as_text(metadata.get("source") or metadata.get("url")),
        tags=tuple(t for t in tags if t),
        warnings=tuple(warnings),
    )


_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "img",
    "figure",
    "video",
    "audio",
]


MAX_HTML_DEPTH = 3000
_HTML_TAG_ANY = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,40}+)[^<>]*+>")
# Elements that never nest or whose end tag may be left out: they do not deepen the tree.
_FLAT_ELEMENTS = frozenset(
    (
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
        "colgroup", "caption", "rt", "rp", "html", "head", "body", "area", "base", "br", "col",
        "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    )
)  # fmt: skip


def check_html_depth(markup: str) -> None:
    """Refuse HTML nested deeper than any page is: an HTML parser spends time proportional to
    the depth on each element, so 100,000 nested `<div>` would take minutes. One linear scan."""
    depth = deepest = 0
    for match in _HTML_TAG_ANY.finditer(markup):
        name = match.group(2).lower()
        if name in _FLAT_ELEMENTS or match.group(0).endswith("/>"):
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_HTML_DEPTH:
                    raise ArticleFormatError(
                        f"HTML nested more than {MAX_HTML_DEPTH:,} levels deep; refused"
                    )


def _html_tree(markup: str) -> Any:
    from selectolax.lexbor import LexborHTMLParser

    check_html_depth(markup)
    return LexborHTMLParser(markup)


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment or page's main text, without menus and scripts."""
    tree = _html_tree(markup)
    tree.strip_tags(_DROP_TAGS)
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return []
    paragraph_nodes = root.css("p")
    if paragraph_nodes:
        # The main text is the container whose <p> children hold the most Chinese.
        weights: dict[int, int] = {}
        parents = {}
        for node in paragraph_nodes:
            parent = node.parent
            key = parent.mem_id if parent is not None else 0
            parents[key] = parent
            weights[key] = weights.get(key, 0) + sum(
                1 for c in node.text() if "\u4e00" <= c <= "\u9fff"
            )
        best = max(weights, key=lambda k: weights[k])
        total = sum(weights.values())
        if weights[best] >= 0.5 * total:
            chosen = [n for n in paragraph_nodes if (n.parent.mem_id if n.parent else 0) == best]
        else:  # text spread over sections: keep every paragraph with Chinese in it
            chosen = [n for n in paragraph_nodes if has_han(n.text())]
        texts = [" ".join(n.text(separator="").split()) for n in chosen]
        return [t for t in texts if t]
    text = root.text(separator="\n")
    return [line.strip() for line in text.split("\n") if line.strip()]


def parse_html(text: str) -> ParsedArticle:
    tree = _html_tree(text)
    title = ""
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            title = " ".join(node.text().split())
            break
    meta = {
        (node.attributes.get("name") or node.attributes.get("property") or "").lower(): (
            node.attributes.get("content") or ""
        )
        for node in tree.css("meta")
    }
    paragraphs = html_paragraphs(text)
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    article = article_from_paragraphs(paragraphs, title=title, author=meta.get("author", ""))
    return replace(
        article,
        published=normalise_date(meta.get("article:published_time") or meta.get("date", "")),
        source=meta.get("og:url", ""),
    )


MAX_EPUB_BYTES = 200 * 1024 * 1024  # all members, uncompressed: the cap plain files have
MAX_EPUB_MEMBER_BYTES = 64 * 1024 * 1024
MAX_EPUB_MEMBERS = 20_000


def check_epub_archive(path: Path) -> None:
    """Refuse an EPUB whose members would expand past the caps, before anything inflates.

    Python's zipfile never yields more than a member's declared size, so the declared sizes
    bound what read_epub can read: a 10 MB file that claims 4 GiB is refused here.
    """
    import zipfile

    from db.inputs import regular_file_problem

    problem = regular_file_problem(path)
    if problem is not None:
        raise ArticleFormatError(f"{path.name}: {problem}")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ArticleFormatError(f"{path.name} is not a readable EPUB ({error})") from error
    if len(members) > MAX_EPUB_MEMBERS:
        raise ArticleFormatError(f"{path.name} has {len(members):,} files inside; refused")
    largest = max((member.file_size for member in members), default=0)
    total = sum(member.file_size for member in members)
    if largest > MAX_EPUB_MEMBER_BYTES or total > MAX_EPUB_BYTES:
        raise ArticleFormatError(
            f"{path.name} expands to {total / (1 << 20):,.0f} MB; refused (the cap is 200 MB)"
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ArticleFormatError(f"{path.name} is encrypted (DRM); zhreader cannot read it")


_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"


@dataclass(frozen=True)
class EpubBook:
    """What an import takes from an EPUB: its title and author ("" when it has none) and the
    markup of its chapters in reading order."""

    title: str
    author: str
    chapters: list[str]


def read_epub(path: Path) -> EpubBook:
    """The book in an EPUB, each chapter read once however often the spine lists it.

    Read with zipfile and the standard XML parser, which expands no external entity and
    stops entity bombs; every member read counts against the 200 MB cap, so a manifest that
    names one big chapter under a thousand ids is refused instead of read a thousand times.
    """
    import zipfile
    import zlib

    check_epub_archive(path)
    # what zipfile raises for a damaged member: a bad CRC, an unknown compression method, ...
    damaged = (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError)
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_book(_EpubMembers(path.name, archive))
    except damaged as error:
        raise ArticleFormatError(f"{path.name} is not a readable EPUB ({error})") from error


def _read_book(members: _EpubMembers) -> EpubBook:
    import posixpath
    from urllib.parse import unquote

    container = members.xml("META-INF/container.xml", "its container")
    rootfile = container.find(f"{_CONTAINER}rootfiles/{_CONTAINER}rootfile")
    package_name = "" if rootfile is None else rootfile.get("full-path", "")
    if not package_name:
        raise members.refusal("its container names no package file")
    package = members.xml(package_name, "its package file")
    items = {item.get("id"): item for item in package.iter(f"{_OPF}item")}
    spine = dict.fromkeys(ref.get("idref") for ref in package.iter(f"{_OPF}itemref"))
    folder = posixpath.dirname(package_name)
    chapters = []
    for idref in spine:
        item = items.get(idref)
        if item is not None and _is_chapter(item):
            member = posixpath.normpath(posixpath.join(folder, unquote(item.get("href", ""))))
            chapters.append(members.read(member, "its chapter").decode("utf-8", errors="replace"))
    return EpubBook(_dc_text(package, "title"), _dc_text(package, "creator"), chapters)


class _EpubMembers:
    """The members of an open EPUB, every byte read counted against MAX_EPUB_BYTES."""

    def __init__(self, book: str, archive: zipfile.ZipFile) -> None:
        self.book = book
        self.archive = archive
        self.unread = MAX_EPUB_BYTES

    def refusal(self, why: str) -> ArticleFormatError:
        return ArticleFormatError(f"{self.book} is not a readable EPUB: {why}")

    def read(self, member: str, what: str) -> bytes:
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            raise self.refusal(f"{what} ({member}) is missing") from None
        self.unread -= info.file_size  # zipfile yields no more than the declared size
        if self.unread < 0:
            raise ArticleFormatError(
                f"{self.book} would read more than {MAX_EPUB_BYTES >> 20} MB (chapters listed "
                "many times); refused"
            )
        return self.archive.read(info)

    def xml(self, member: str, what: str) -> Element:
        import xml.etree.ElementTree as ElementTree

        data = self.read(member, what)
        try:
            return ElementTree.fromstring(data)
        except (ElementTree.ParseError, ValueError) as error:  # ValueError: a multi-byte charset
            raise self.refusal(f"{what} ({member}) is not valid XML") from error


def _is_chapter(item: Element) -> bool:
    """A manifest item with text to read: XHTML, and not the navigation document."""
    return (
        item.get("media-type") == "application/xhtml+xml"
        and "nav" not in item.get("properties", "").split()
    )


def _dc_text(package: Element, name: str) -> str:
    """The text of the package's first Dublin Core `name` element; "" when it has none."""
    element = next(package.iter(f"{_DC}{name}"), None)
    return "" if element is None else " ".join("".join(element.itertext()).split())


def parse_epub(path: Path, per_chapter: bool) -> list[ParsedArticle]:
    """One article per chapter, or the whole book as one article."""
    book = read_epub(path)
    book_title = book.title or path.stem
    chapters: list[ParsedArticle] = []
    for markup in book.chapters:
        paragraphs = html_paragraphs(markup)
        if not any(has_han(p) for p in paragraphs):
            continue
        try:
            chapter = parse_html(markup)
        except ArticleFormatError:
            continue
        chapters.append(replace(chapter, author=chapter.author or book.author))
    if not chapters:
        raise ArticleFormatError(f"{path.name} has no chapter with Chinese text")
    if per_chapter:
        return [replace(c, title=f"{book_title} · {c.title}", source=path.name) for c in chapters]
    paragraphs = [p for chapter in chapters for p in [chapter.title, *chapter.paragraphs]]
    return [
        ParsedArticle(title=book_title, paragraphs=paragraphs, author=book.author, source=path.name)
    ]


def detect_format(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    head = text.lstrip()[:200].lower()
    if suffix in {".html", ".htm", ".xhtml"} or head.startswith(("<!doctype html", "<html")):
        return "html"
    if suffix in {".md", ".markdown"} or _front_matter(text):
        return "markdown"
    return "text"


PART_CHARS = 100_000
"""An article longer than SPLIT_ABOVE_CHARS is imported in parts of about this many
characters (a long chapter): each opens in a fraction of a second and is written in a
transaction of its own."""
SPLIT_ABOVE_CHARS = 300_000


def in_parts(article: ParsedArticle) -> list[ParsedArticle]:
    """The article, or for a very long one (a novel in one file) its parts, cut at paragraph
    ends and titled "Title (2/7)", as learners' readers split long lessons."""
    if sum(map(len, article.paragraphs)) <= SPLIT_ABOVE_CHARS:
        return [article]
    groups: list[list[str]] = [[]]
    size = 0
    for paragraph in article.paragraphs:
        if groups[-1] and size + len(paragraph) > PART_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(paragraph)
        size += len(paragraph)
    count = len(groups)
    return [
        replace(
            article,
            part=f" ({number}/{count})",
            paragraphs=paragraphs,
            warnings=article.warnings if number == 1 else (),
        )
        for number, paragraphs in enumerate(groups, start=1)
    ]


def parse_text(text: str, name: str = "input") -> ParsedArticle:
    """Parse decoded text of any supported non-EPUB format."""
    kind = detect_format(name, text)
    if kind == "html":
        return parse_html(text)
    if kind == "markdown":
        return parse_markdown(text)
    return parse_plain(text)
