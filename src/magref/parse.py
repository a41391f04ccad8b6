"""Parsing catalogue files on a parse-cache miss: the files bound to records (bind.py), then
the catalogue's rules checked (rules.py). Every problem in every file is reported together, as
`file:line: field: message`, in the file where it is."""

from __future__ import annotations

import re
from collections.abc import Sequence

from magref import bind, rules
from magref.errors import CatalogueError
from magref.gcpause import gc_paused
from magref.model import Catalogue, UserCatalogue
from magref.yamldoc import compose


def parse(parts: Sequence[tuple[str, str]]) -> Catalogue:
    """Parse and validate a complete catalogue from its files, given as (origin, text): one
    file, or several that each hold some of the sections (the bundled data directory). Raise
    CatalogueError listing every problem. Entries keep an empty origin: they are bundled."""
    ctx = bind.context((text for _, text in parts), parts[0][0] if parts else "(no files)")
    roots = []
    with gc_paused():
        for origin, text in parts:
            try:
                roots.append((origin, compose(text, origin)))
            except CatalogueError as exc:
                ctx.problems += exc.problems
        values = bind.build_sections(roots, Catalogue, ctx)
    rules.check_references([root for _, root in roots], ctx, {"source": set(), "topic": set()})
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    cat = Catalogue(**values)
    cat = cat._replace(sources={k: s._replace(key=k) for k, s in cat.sources.items()})
    rules.check_catalogue(cat, ctx)
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    return cat


def parse_user(text: str, origin: str, base: Catalogue) -> UserCatalogue:
    """Parse and validate a user catalogue against `base` (the catalogue it will be merged
    into: its sources and topics may be cited, its names may not be taken)."""
    ctx = bind.context([text], origin)
    with gc_paused():
        node = compose(text, origin)
        user = bind.build(node, UserCatalogue, "", ctx)
    known = {
        "source": set(base.sources),
        "topic": {t.id for t in base.topics},
        "form": {f.id for f in base.forms},
    }
    rules.check_references([node], ctx, known)
    if user is not bind.BAD:
        user = user._replace(sources={k: s._replace(key=k) for k, s in user.sources.items()})
        if user.schema_version not in rules.USER_SCHEMA_VERSIONS:
            where = "schema_version"
            ctx.problem(ctx.at(where), where, f"must be {rules.SCHEMA_VERSION}")
        rules.check_entries(user, ctx, base)
    if ctx.problems:
        raise CatalogueError(ctx.problems)
    assert isinstance(user, UserCatalogue)
    return user


def is_complete(text: str) -> bool:
    """Whether a document is (the start of) a complete catalogue, as it names its
    catalogue_version, rather than a user file."""
    return re.search(r"^catalogue_version\s*:", text, re.MULTILINE) is not None
