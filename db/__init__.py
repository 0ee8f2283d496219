"""Storage: one SQLite file holding the dictionary, the library, the glossary and reviews.

Every SQL statement of the project lives in this package. Other layers call the typed
functions of its modules and get frozen dataclasses back. The names below load
`db.store` (and with it sqlite3 and sqlite-utils) only when first used, so code that only
needs the error root, such as file parsing, loads no store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.errors import ZhreaderError

if TYPE_CHECKING:
    from db.store import (
        Database,
        DatabaseLockedError,
        ForeignDatabaseError,
        NewerSchemaError,
        NotADatabaseError,
        StoreError,
        default_db_path,
        open_db,
        open_memory_db,
        translate_sqlite_error,
    )

__all__ = [
    "Database",
    "DatabaseLockedError",
    "ForeignDatabaseError",
    "NewerSchemaError",
    "NotADatabaseError",
    "StoreError",
    "ZhreaderError",
    "default_db_path",
    "open_db",
    "open_memory_db",
    "translate_sqlite_error",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        import db.store

        return getattr(db.store, name)
    raise AttributeError(f"module 'db' has no attribute {name!r}")
