"""The exceptions of kehoach, one per error code of the library (and of the C ABI).

The library's error table (``kehoach.error_table()``, docs/errors.md) names
the class of every code; ``retryable`` says whether the same call may succeed
when repeated (only :class:`BusyError`).
"""


class KehoachError(Exception):
    """Any error of the library. ``path`` is the JSON pointer of the field at fault, or ""."""

    code: str = "internal"
    retryable: bool = False

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path


class InvalidArgumentError(KehoachError, ValueError):
    """A bad argument to a call."""

    code = "invalid_argument"


class ParseError(KehoachError, ValueError):
    """Input that could not be read: malformed JSON or CSV, an impossible date."""

    code = "parse"


class ValidationError(KehoachError, ValueError):
    """A record that breaks a rule of the model. ``errors`` lists every (path, message)."""

    code = "validation"

    errors: list = []


class NotFoundError(KehoachError, LookupError):
    """No such plan, unit or case."""

    code = "not_found"


class ConflictError(KehoachError):
    """Already there: a plan, case or record that exists (permanent; busy is :class:`BusyError`)."""

    code = "conflict"


class PermissionDeniedError(KehoachError, PermissionError):
    """The principal's role or unit does not allow the call."""

    code = "permission_denied"


class StoreIOError(KehoachError, OSError):
    """A file (the store, an input or an output) cannot be opened, read or written; a write to a read-only store."""

    code = "io"


class CorruptStoreError(KehoachError):
    """The file is not a kehoach store, or is damaged."""

    code = "corrupt_store"


class VersionError(KehoachError):
    """A store or document of a newer version than this library."""

    code = "unsupported_version"


class InternalError(KehoachError):
    """A broken invariant inside the library: a bug to report."""

    code = "internal"


class BusyError(KehoachError):
    """Another writer held the store past the busy timeout; nothing was written. Retry the call."""

    code = "busy"
    retryable = True
