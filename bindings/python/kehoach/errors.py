"""The exceptions of kehoach, one per error code of the library (and of the C ABI)."""


class KehoachError(Exception):
    """Any error of the library. ``path`` is the JSON pointer of the field at fault, or ""."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path


class InvalidArgumentError(KehoachError, ValueError):
    """A bad argument to a call."""


class ParseError(KehoachError, ValueError):
    """Input that could not be read: malformed JSON or CSV, an impossible date."""


class ValidationError(KehoachError, ValueError):
    """A record that breaks a rule of the model. ``errors`` lists every (path, message)."""

    errors: list = []


class NotFoundError(KehoachError, LookupError):
    """No such plan, unit or case."""


class ConflictError(KehoachError):
    """Already there, or the store is busy with another writer."""


class PermissionDeniedError(KehoachError, PermissionError):
    """The principal's role or unit does not allow the call."""


class StoreIOError(KehoachError, OSError):
    """The store cannot be opened, read or written (or is read-only)."""


class CorruptStoreError(KehoachError):
    """The file is not a kehoach store, or is damaged."""


class VersionError(KehoachError):
    """A store or document of a newer version than this library."""
