"""The store's exceptions, a branch of ``bot.errors.MemoriaError``.

MemoriaError
 └── StoreError             the database cannot be used as asked
      ├── DatabaseURLError  the URL names a database or driver we do not support (also ValueError)
      └── SchemaTooNewError the database was migrated by a newer release than this one

Errors raised by the database itself (a lost connection, a full disk) are SQLAlchemy's own and are
not wrapped: callers that can act on them catch ``sqlalchemy.exc.SQLAlchemyError``.
"""

from __future__ import annotations

from bot.errors import MemoriaError


class StoreError(MemoriaError):
    """The database cannot be used as asked."""


class DatabaseURLError(StoreError, ValueError):
    """A database URL we cannot use: unknown scheme or driver, or in-memory SQLite."""


class SchemaTooNewError(StoreError):
    """The database has migrations this release does not know: a newer release ran on it."""
