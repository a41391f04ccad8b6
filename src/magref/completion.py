"""Shell completion: the catalogue's own names (form names, aliases, trade names,
FORM:VARIANT, variants, drugs, uses and authorities), user files included."""

from __future__ import annotations

import os
import re

import typer

from magref import catalogue
from magref.errors import MagrefError
from magref.model import Catalogue
from magref.names import normalise


def _catalogue(ctx: typer.Context) -> Catalogue | None:
    options = ctx.find_root().params.get("catalogues") or []
    for files in (catalogue.files_to_load(catalogue.user_files(os.environ, options)), ()):
        try:
            return catalogue.load(files)
        except MagrefError:
            continue  # a broken user file: complete from the bundled catalogue alone
    return None


def _word(name: str) -> str:
    """A name as one word that bash, zsh and fish all read as it is, without quotes: every run
    of characters a shell may treat specially (spaces, brackets, quotes, $, &, ; ...) becomes a
    hyphen, which lookups treat as a space, and no word starts with a hyphen (an option)."""
    return _SHELL_SPECIAL.sub("-", name).lstrip("-=").rstrip("-")


# Anything but letters and digits (of any script), _ . : + , @ % / = and the hyphen itself.
_SHELL_SPECIAL = re.compile(r"[^\w.:+,@%/=-]+")


def _matching(candidates: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    wanted = incomplete.casefold()
    found = {_word(n): help for n, help in candidates if _word(n).casefold().startswith(wanted)}
    return list(found.items())


def forms(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Form ids, names, aliases and trade names; FORM:VARIANT once a colon is typed."""
    cat = _catalogue(ctx)
    if cat is None:
        return []
    if ":" in incomplete:
        pairs = [
            (f"{name}:{v.id}", v.name) for f in cat.forms for name in f.names() for v in f.variants
        ]
        return _matching(pairs, incomplete)
    return _matching([(n, f.name) for f in cat.forms for n in f.names()], incomplete)


def _words_typed() -> list[str]:
    """The command line being completed. Typer does not pass it to completion functions, so it
    is read where the shell scripts put it: COMP_WORDS (bash) or _TYPER_COMPLETE_ARGS."""
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    return line.split()


def variants(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Variants of the forms named so far on the command line, else of every form."""
    cat = _catalogue(ctx)
    if cat is None:
        return []
    words = _words_typed()
    typed = {
        normalise(" ".join(words[i:j])) for i in range(len(words)) for j in (i + 1, i + 2, i + 3)
    }
    named = [f for f in cat.forms if typed & {normalise(n) for n in f.names()}]
    return _matching([(v.id, v.name) for f in named or cat.forms for v in f.variants], incomplete)


def drugs(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    cat = _catalogue(ctx)
    if cat is None:
        return []
    return _matching([(n, i.name) for i in cat.interactions for n in i.names()], incomplete)


def uses(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    cat = _catalogue(ctx)
    return _matching([(t.id, t.name) for t in cat.topics], incomplete) if cat else []


def authorities(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    cat = _catalogue(ctx)
    return _matching([(a.id, a.name) for a in cat.authorities], incomplete) if cat else []
