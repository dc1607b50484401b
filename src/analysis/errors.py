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
