"""The rules for evidence: findings stated in GRADE's words for their certainty, certainty that
fits the design, what was studied recorded wherever a study was rated, topics whose words
point at one topic only, claims and citation checks that are sourced. Called from rules.py."""

from __future__ import annotations

import re
import typing
from typing import Any

from magref.bind import ID_PATTERN, Context
from magref.model import (
    Catalogue,
    Certainty,
    CitationCheck,
    Design,
    Finding,
    Source,
    UserCatalogue,
    Verdict,
)
from magref.model_evidence import IN_PEOPLE, RATED
from magref.names import normalise

NOT_IN_PEOPLE = ("animal", "mechanistic")
_WORDS = {  # the words GRADE's statements use at each certainty
    "moderate": re.compile(r"\bprobably\b", re.IGNORECASE),
    "low": re.compile(r"\bmay\b", re.IGNORECASE),
    "very-low": re.compile(r"\bvery uncertain\b", re.IGNORECASE),
}
_HEDGES = re.compile(r"\b(probably|may|very uncertain)\b", re.IGNORECASE)
# Verdicts that say what the evidence shows need it cited; 'not-supported' may rest on the
# absence of any evidence.
SOURCED = ("supported", "partly-supported", "misleading")
_ID = re.compile(ID_PATTERN)
_WEB = re.compile(r"https?://")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_scales(cat: Catalogue, ctx: Context) -> None:
    """The catalogue describes every design, certainty and verdict, and nothing else."""
    for field, tp in (
        ("study_designs", Design),
        ("certainty_scale", Certainty),
        ("claim_verdicts", Verdict),
    ):
        values = typing.get_args(tp)
        if set(getattr(cat, field)) != set(values):
            ctx.problem(ctx.at(field), field, f"must describe exactly: {', '.join(values)}")


def check_finding(finding: Finding, path: str, in_topic: bool, ctx: Context) -> None:
    at = ctx.at
    certainty, design = finding.certainty, finding.design
    if in_topic and finding.topic:
        ctx.problem(at(f"{path}.topic"), f"{path}.topic", "a topic's finding names no topic")
    if not in_topic and not finding.topic:
        ctx.problem(at(path), path, "missing required field 'topic'")
    if (certainty == "none") != (design == "none") or (certainty == "none") != (
        finding.direction == "not-studied"
    ):
        ctx.problem(
            at(path),
            path,
            "certainty 'none', design 'none' and direction 'not-studied' go together",
        )
    if certainty != "none" and not finding.sources:
        ctx.problem(at(path), path, f"certainty {certainty!r} needs at least one source")
    if (certainty == "no-human-trials") != (design in NOT_IN_PEOPLE):
        where = f"{path}.certainty"
        ctx.problem(
            at(where),
            where,
            "'no-human-trials' is the certainty of animal or mechanistic evidence only",
        )
    if certainty in RATED:
        _check_words(finding, path, ctx)
        if design in IN_PEOPLE and not (finding.population and finding.forms_studied):
            ctx.problem(at(path), path, "a rated study records its population and forms_studied")
    if finding.certainty_from and finding.certainty_from not in finding.sources:
        where = f"{path}.certainty_from"
        ctx.problem(at(where), where, "must be one of the finding's sources")
    if finding.certainty_from and certainty not in RATED:
        where = f"{path}.certainty_from"
        ctx.problem(at(where), where, "a source's rating is one of GRADE's four levels")
    if finding.dose_mg is not None and finding.dose_mg <= 0:
        ctx.problem(at(f"{path}.dose_mg"), f"{path}.dose_mg", "must be above 0")


def _check_words(finding: Finding, path: str, ctx: Context) -> None:
    """GRADE's statements: 'reduces' (high), 'probably reduces' (moderate), 'may reduce'
    (low), 'the evidence is very uncertain' (very low)."""
    where = f"{path}.statement"
    words = _WORDS.get(finding.certainty)
    if words is None:
        if _HEDGES.search(finding.statement):
            ctx.problem(ctx.at(where), where, "high certainty is stated without hedging words")
        return
    if not words.search(finding.statement):
        said = {"moderate": "'probably'", "low": "'may'", "very-low": "'very uncertain'"}
        wanted = said[finding.certainty]
        ctx.problem(ctx.at(where), where, f"{finding.certainty} certainty is stated with {wanted}")


def check_topics(cat: Catalogue | UserCatalogue, base: Catalogue | None, ctx: Context) -> None:
    """Each topic has a finding; its words, name and id point at that topic alone."""
    own = {t.id for t in cat.topics}
    taken = {
        normalise(w): t.id
        for t in (base.topics if base else ())
        if t.id not in own
        for w in (t.id, t.name, *t.words)
    }
    for i, topic in enumerate(cat.topics):
        path = f"topics[{i}]"
        if not topic.findings:
            ctx.problem(ctx.at(path), path, "needs at least one finding")
        for j, finding in enumerate(topic.findings):
            check_finding(finding, f"{path}.findings[{j}]", True, ctx)
        for j, guideline in enumerate(topic.guidelines):
            if not guideline.sources:
                where = f"{path}.guidelines[{j}]"
                ctx.problem(ctx.at(where), where, "needs at least one source")
        for word in {normalise(w) for w in (topic.id, topic.name, *topic.words)}:
            other = taken.setdefault(word, topic.id)
            if other != topic.id:
                ctx.problem(ctx.at(path), path, f"word {word!r} also names topic {other!r}")


def check_claims(cat: Catalogue, ctx: Context) -> None:
    """Claims and citation checks: unique ids, sources behind every verdict, a match that
    names the study it matches."""
    ids: set[str] = set()
    for i, claim in enumerate(cat.claims):
        path = f"claims[{i}]"
        check_id(claim.id, ids, f"{path}.id", ctx)
        if claim.verdict in SOURCED and not claim.sources:
            ctx.problem(ctx.at(path), path, f"verdict {claim.verdict!r} needs at least one source")
    ids = set()
    for i, check in enumerate(cat.citation_checks):
        path = f"citation_checks[{i}]"
        check_id(check.id, ids, f"{path}.id", ctx)
        _check_citation(check, path, ctx)


def _check_citation(check: CitationCheck, path: str, ctx: Context) -> None:
    if (check.identifier == "") != (check.matches == "no-identifier"):
        where = f"{path}.matches"
        ctx.problem(
            ctx.at(where), where, "'no-identifier' is the match when no identifier is cited"
        )
    if check.matches == "yes" and not check.probable:
        ctx.problem(ctx.at(path), path, "a matching identifier names its study in 'probable'")
    if not check.sources and not check.probable:
        ctx.problem(ctx.at(path), path, "needs at least one source")


def check_marketing(form_path: str, marketing: Any, ctx: Context) -> None:
    for j, claim in enumerate(marketing):
        if claim.verdict in SOURCED and not claim.sources:
            where = f"{form_path}.marketing[{j}]"
            ctx.problem(
                ctx.at(where), where, f"verdict {claim.verdict!r} needs at least one source"
            )


def check_source_read(src: Source, path: str, ctx: Context) -> None:
    """A web page read in full (its only identifier an address) says when it was read."""
    if src.read and not _DATE.fullmatch(src.read):
        where = f"{path}.read"
        ctx.problem(ctx.at(where), where, "must be a date written YYYY-MM-DD, in quotes")
    web = src.identifier is not None and _WEB.search(src.identifier)
    primary = src.status == "primary-read"
    if web and primary and not (src.pmid or src.doi or src.pmcid) and not src.read:
        ctx.problem(ctx.at(path), path, "a web page needs the date it was read ('read')")


def check_id(value: str, seen: set[str], where: str, ctx: Context) -> None:
    """An id is lower-case-with-hyphens and not already in `seen` (which it joins)."""
    if value in seen or not _ID.fullmatch(value):
        ctx.problem(ctx.at(where), where, "must be a unique lower-case id")
    seen.add(value)
