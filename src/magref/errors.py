"""The exceptions magref raises for problems a user can cause: a data or lookup error exits 1,
a usage error 2 (exit 3, for warnings under --fail-on-warning, is not an error)."""

from __future__ import annotations


class MagrefError(Exception):
    """A data or lookup error: reported on stderr, exit code 1."""

    exit_code = 1


class UsageError(MagrefError):
    """Input that cannot be read (an amount, an age, a unit): exit code 2, like any usage error."""

    exit_code = 2


class CatalogueError(MagrefError):
    """A catalogue file has problems; every one is listed as `file:line: field: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class UnknownFormError(MagrefError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown form {name!r}{hint} (try: magref list)")


class UnknownTopicError(MagrefError):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown use {name!r}; known uses: {', '.join(known)}")
