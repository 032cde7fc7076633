"""The one exception type users see: a message that names the file, line and problem."""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes: one line of plain text, with
    no terminal escape sequence (that could retitle the window or clear the screen).

    >>> print(printable("a\\x1b]0;hi\\x07 b\\nc"))
    a\\x1b]0;hi\\x07 b\\nc
    """
    return _CONTROL.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"),
                        text)


class DotscaleError(Exception):
    """A user error: bad input, a failed validation, an unknown name.

    The CLI prints ``str(error)`` as one line on stderr (control characters escaped) and exits
    with ``exit_code``.

    >>> str(DotscaleError("unexpected end of file", path=Path("x.ttl"), line=3))
    'x.ttl:3: unexpected end of file'
    """

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return printable(where + self.message)


class DotscaleWarning(UserWarning):
    """Something probably unintended that still has an answer (a variable never bound, a term
    the ontology does not declare); the CLI prints it as ``dotscale: warning: ...``."""


class UsageError(DotscaleError):
    """The command line asks for something that cannot be (conflicting or malformed options).

    >>> UsageError("give a query").exit_code
    2
    """

    exit_code = 2


class ValidationError(DotscaleError):
    """The graph does not conform to the SHACL shapes; ``report`` holds every violation."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report
