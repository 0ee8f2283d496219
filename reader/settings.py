"""The learner's settings: one TOML file, read once at start, written atomically.

The file lives in the platform's config directory (`ZHREADER_CONFIG` overrides the path).
Unknown keys are kept as they are, so an older zhreader never drops a newer one's settings.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from db import Database, ZhreaderError
from db.inputs import InputError, kind_of, read_limited

HSK_STANDARDS = ("2021", "2025", "2.0")
HIGHLIGHTS = ("new", "learning", "above", "off")
LEGACY_DB_KEYS = ("new_cards_per_day",)


class SettingsError(ZhreaderError):
    """The settings file cannot be read or a value is out of range."""


@dataclass(frozen=True)
class Settings:
    """Every setting the learner can change; the defaults are what a new user gets."""

    script: str = "simplified"
    hsk_standard: str = "2021"  # GF0025-2021: levels 1-6 and one band for 7-9
    hsk_level: int = 3  # the learner's own level; words above it can be highlighted
    tone_scheme: str = "pleco"
    show_pinyin: bool = False
    tone_colours: bool = True
    highlight: str = "new"  # new | learning | above | off
    latin_stops: bool = False  # the reader's cursor stops on digits and Latin words too
    max_measure: int = 0  # 0: as wide as the window
    new_cards_per_day: int = 20
    keymap: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def checked(self) -> Settings:
        """Raise SettingsError with one clear line for a value zhreader cannot use."""
        if self.hsk_standard not in HSK_STANDARDS:
            raise SettingsError(
                f"hsk_standard must be one of {', '.join(HSK_STANDARDS)}, not {self.hsk_standard!r}"
            )
        top = 6 if self.hsk_standard == "2.0" else 7
        if not 0 <= self.hsk_level <= top:
            raise SettingsError(f"hsk_level must be 0-{top} (7 is the 7-9 band)")
        if self.highlight not in HIGHLIGHTS:
            raise SettingsError(f"highlight must be one of {', '.join(HIGHLIGHTS)}")
        if self.new_cards_per_day < 0:
            raise SettingsError("new_cards_per_day must be 0 or more")
        return self


def settings_path() -> Path:
    """`ZHREADER_CONFIG` if set, else `settings.toml` in the user config directory."""
    override = os.environ.get("ZHREADER_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("zhreader", appauthor=False)) / "settings.toml"


_KNOWN = {f.name: f for f in fields(Settings) if f.name != "extra"}


MAX_SETTINGS_BYTES = 1 << 20  # a full file is under 1 KB


def _settings_text(path: Path) -> str | None:
    """The file's text, None when there is no file. Only a regular file of at most 1 MB is
    read: `ZHREADER_CONFIG` naming /dev/zero or a FIFO must not eat memory or hang."""
    name = f"the settings file {path}"
    try:
        facts = path.stat()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SettingsError(f"cannot read {name}: {error}") from error
    if not stat.S_ISREG(facts.st_mode):
        raise SettingsError(f"cannot read {name}: {kind_of(facts.st_mode)}, not a regular file")
    if facts.st_size > MAX_SETTINGS_BYTES:
        raise SettingsError(f"cannot read {name}: it is larger than {MAX_SETTINGS_BYTES >> 20} MB")
    try:
        return read_limited(path, MAX_SETTINGS_BYTES, name=name).decode("utf-8")
    except InputError as error:
        raise SettingsError(str(error)) from error
    except UnicodeDecodeError as error:
        raise SettingsError(f"cannot read {name}: {error}") from error


def _settings_table(path: Path) -> dict[str, Any]:
    """The file's TOML table, empty when there is no file."""
    text = _settings_text(path)
    if text is None:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"cannot read the settings file {path}: {error}") from error
    except RecursionError as error:  # tomllib recurses once per nested array or table
        raise SettingsError(
            f"cannot read the settings file {path}: its values are nested too deeply"
        ) from error


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the file, defaults for what it lacks; a missing file is all defaults."""
    path = path or settings_path()
    raw = _settings_table(path)
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    defaults = Settings()
    for key, value in raw.items():
        if key not in _KNOWN:
            extra[key] = value
            continue
        expected = type(getattr(defaults, key))
        if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
            raise SettingsError(
                f"{path}: {key} must be a {expected.__name__}, not {type(value).__name__}"
            )
        known[key] = {str(k): str(v) for k, v in value.items()} if key == "keymap" else value
    return Settings(**known, extra=extra).checked()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if c >= " " or c == "\t" else f"\\u{ord(c):04x}" for c in escaped)
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{_toml_value(str(k))} = {_toml_value(v)}" for k, v in value.items())
            + "}"
        )
    raise SettingsError(f"cannot store {value!r} in the settings file")


def settings_toml(settings: Settings) -> str:
    values = asdict(settings)
    extra = values.pop("extra")
    lines = ["# zhreader settings (see the README for every key)"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in {**values, **extra}.items()]
    return "\n".join(lines) + "\n"


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the whole file through a temporary file and a rename: never half a file."""
    from db.files import atomic_text_writer

    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text_writer(path) as stream:
        stream.write(settings_toml(settings.checked()))
    return path


def update_settings(path: Path | None = None, **changes: Any) -> Settings:
    """Re-read the file, change some keys, write it back (other processes' edits survive)."""
    path = path or settings_path()
    updated = replace(load_settings(path), **changes).checked()
    save_settings(updated, path)
    return updated


def remember(
    current: Settings, unsaved: Callable[[str], None] | None = None, **changes: Any
) -> Settings:
    """`current` with `changes`, kept in the file for the next session (see update_settings);
    when the file cannot be written or read, the changes still hold for this session and
    `unsaved` is told why."""
    try:
        return update_settings(**changes)
    except (OSError, ZhreaderError) as error:
        if unsaved is not None:
            unsaved(str(error))
        return replace(current, **changes)


def move_legacy_settings(database: Database, path: Path | None = None) -> Settings:
    """Move study settings once kept in the database's settings table into the file.

    The file wins where it already has the key; the database rows are deleted either way.
    """
    from db.reviews import delete_setting, get_setting

    path = path or settings_path()
    current = load_settings(path)
    moved: dict[str, Any] = {}
    for key in LEGACY_DB_KEYS:
        value = get_setting(database, key, "")
        if not value:
            continue
        if value.strip().isdigit() and not _file_has(path, key):
            moved[key] = int(value)
        delete_setting(database, key)
    if moved:
        current = replace(current, **moved).checked()
        save_settings(current, path)
    return current


def _file_has(path: Path, key: str) -> bool:
    try:
        return key in _settings_table(path)
    except SettingsError:
        return False
