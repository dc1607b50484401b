"""Exception types, one per failure family, with messages that name the file."""


class CorpusError(Exception):
    """The corpus as a whole cannot be studied (missing folder, no input files)."""


class InputError(Exception):
    """One input file (or one record of it) cannot be read.

    ``kind`` is a short machine-readable family (``empty``, ``binary``, ``encoding``,
    ``too_large``, ``unreadable``, ``duplicate_id``, ``parse``, ``unsupported``,
    ``metadata``); the message says what is wrong in words a user understands.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class MissingExtraError(ImportError):
    """An optional feature was asked for but its extra is not installed.

    ``extra`` names the pyproject extra; the message gives the command that installs it.
    """

    def __init__(self, extra: str, message: str):
        super().__init__(message)
        self.extra = extra
        self.message = message
