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


class UnverifiedFormError(MagrefError):
    """A form magref knows is sold but whose formula it could not verify: no figures."""

    def __init__(self, name: str, form_name: str, why: str, sources: tuple[str, ...]) -> None:
        self.name = name
        cited = f" [{'] ['.join(sources)}]" if sources else ""
        super().__init__(
            f"{form_name}: magref knows this form is sold but could not verify its formula in a "
            f"source, so it gives no figures for it. {why}{cited} Read the elemental magnesium "
            'the label states (magref label "Magnesium (as ...) 100 mg").'
        )


class UnknownTopicError(MagrefError):
    def __init__(self, name: str, nearest: str | None, known: list[str]) -> None:
        hint = f" (did you mean {nearest!r}?)" if nearest else ""
        super().__init__(f"unknown use {name!r}{hint}; known uses: {', '.join(known)}")
