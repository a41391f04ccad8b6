"""Evidence you can trust (issue 14): findings in GRADE's words with the form, dose, population
and duration studied; the corrected figures and identifiers; topics with reviews, guidelines
and the words people use; forms ranked for a use; marketing claims; and the citation checker
(`magref source`). On the real catalogue, through the CLI, stdout and stderr apart."""

from __future__ import annotations

import json

import pytest

from magref import evidence
from magref.model import Catalogue

from .conftest import run


def _flat(text: str) -> str:
    return " ".join(text.split())


def _use(cat: Catalogue, form_id: str, topic: str):  # type: ignore[no-untyped-def]
    form = next(f for f in cat.forms if f.id == form_id)
    return next(u for u in form.uses if u.topic == topic)


# ---- corrected figures and identifiers ----------------------------------------------------


def test_constipation_result_has_its_real_denominators(cat: Catalogue) -> None:
    use = _use(cat, "oxide", "constipation")
    assert "70.6 % of 17 women on oxide" in use.statement
    assert "25.0 % of 16 on placebo" in use.statement and "P = 0.015" in use.statement
    assert "randomised 17 and 17; 33 analysed" in use.population
    assert "P = 0.76" in use.note  # complete spontaneous bowel movements did not improve
    assert use.certainty == "very-low" and use.certainty_from == "chang2023-aga-acg"
    src = cat.sources["mori2019"]
    assert (src.pmid, src.pmcid, src.doi) == ("31587548", "PMC6786451", "10.5056/jnm18194")


def test_depression_has_blinded_trials_and_disagreeing_reviews(cat: Catalogue) -> None:
    topic = cat.topic("depression")
    by_source = {f.sources[0]: f for f in topic.findings}
    assert by_source["rajizadeh2017"].design == "rct"
    assert by_source["rajizadeh2017"].forms_studied == ("oxide",)
    assert by_source["ryszewska2018"].direction == "no-benefit"
    assert by_source["moabedi2023"].direction == "benefit"
    assert by_source["phelan2018"].direction == "no-benefit"
    assert evidence.disagreement(topic.findings) is not None
    assert cat.sources["phelan2018"].pmcid == "PMC6034436"
    assert cat.sources["moabedi2023"].doi == "10.3389/fpsyt.2023.1333261"
    tarleton = by_source["tarleton2017"]
    assert tarleton.design == "open-label-trial" and tarleton.dose_mg == 248


def test_oxide_four_percent_is_not_set_against_the_isotope_figure(cat: Catalogue) -> None:
    oxide = next(f for f in cat.forms if f.id == "oxide")
    claim = next(m for m in oxide.marketing if "4 %" in m.claim)
    assert claim.verdict == "misleading"
    assert "not comparable" in claim.evidence and "fine1991" in claim.sources
    assert "255 mg" in oxide.absorption.summary and "single" in oxide.absorption.summary
    assert cat.sources["fine1991"].pmcid == "PMC295344"


def test_cramps_cite_the_2020_update_and_pregnancy_is_very_uncertain(cat: Catalogue) -> None:
    src = cat.sources["garrison2020"]
    assert src.doi == "10.1002/14651858.CD009402.pub3" and src.pmcid == "PMC8094171"
    pregnancy = cat.topic("pregnancy-cramps").findings[0]
    assert pregnancy.certainty == "very-low" and "very uncertain" in pregnancy.statement
    assert "pregnan" not in cat.topic("cramps").findings[0].statement


def test_sources_carry_identifiers_seen_in_them(cat: Catalogue) -> None:
    assert cat.sources["abbasi2012"].pmcid == "PMC3703169"
    assert cat.sources["zhang2022"].doi == "10.3390/nu14245235"
    assert cat.sources["hausenblas2024"].pmcid == "PMC11381753"
    assert cat.sources["stepura2009"].doi == "10.1016/j.ijcard.2009.01.047"  # republished
    assert "NCT00532883" in (cat.sources["wang2011"].identifier or "")
    assert "ISRCTN86938761" in (cat.sources["magpie2002"].identifier or "")
    sickle = _use(cat, "pidolate", "sickle-cell")
    assert "aged 5 to 53" in sickle.population  # not "children"
    assert cat.sources["magtein-label"].identifier == "https://www.magtein.com/tag/brain-aging/"


def test_every_rated_finding_in_people_says_what_was_studied(cat: Catalogue) -> None:
    findings = [u for f in cat.forms for u in f.uses] + [f for t in cat.topics for f in t.findings]
    for finding in findings:
        assert finding.certainty != "not-rated" or finding.design == "label", finding
        if finding.certainty in ("high", "moderate", "low", "very-low"):
            assert finding.forms_studied and finding.population, finding
    assert all(m.verdict != "not-rated" for f in cat.forms for m in f.marketing)
    assert all(c.verdict != "not-rated" for c in cat.claims)


# ---- views: show, list --use, search ------------------------------------------------------


def test_show_says_whose_rating_and_flags_indirect_evidence_and_high_doses() -> None:
    out = _flat(run("show", "citrate").stdout)
    assert "certainty: low (magref's judgement)" in out
    assert "above the supplemental upper limit for adults" in out  # 600 mg for migraine
    out = _flat(run("show", "oxide").stdout)
    assert "rated by Chang L et al" in out
    assert "Indirect: the studies used oxide, citrate" not in out
    glycinate = _flat(run("show", "glycinate").stdout)
    assert "Indirect" not in glycinate  # its own isotope study
    lactate = _flat(run("show", "lactate").stdout)
    assert "Kidney disease" in lactate and "not medical advice" in lactate


def test_indirect_evidence_is_said_for_a_form_that_was_not_studied(cat: Catalogue) -> None:
    sulfate = next(f for f in cat.forms if f.id == "sulfate")
    finding = cat.topic("migraine").findings[0]  # a citrate trial
    notes = evidence.notes(cat, finding, sulfate)
    assert any(n.startswith("Indirect: the studies used citrate") for n in notes)


@pytest.mark.parametrize(
    ("word", "topic"),
    [
        ("insomnia", "sleep"),
        ("stress", "anxiety"),
        ("headache", "migraine"),
        ("muscle cramps", "cramps"),
        ("High Blood Pressure", "blood-pressure"),
        ("restless legs", "restless-legs"),
    ],
)
def test_list_use_finds_a_topic_by_the_words_people_use(word: str, topic: str) -> None:
    result = run("list", "--use", word, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["topic"]["id"] == topic


def test_an_unknown_use_gets_the_nearest_topic() -> None:
    result = run("list", "--use", "insomia")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "unknown use 'insomia' (did you mean 'sleep'?)" in result.stderr


def test_list_use_ranks_forms_and_names_those_without_evidence() -> None:
    doc = json.loads(run("list", "--use", "depression", "--format", "json").stdout)
    ranked = [(f["id"], f["finding"]["certainty"]) for f in doc["topic"]["ranked"]]
    assert ranked[0][1] == "low" and ranked[-1] == ("chloride", "very-low")
    assert "glycinate" in doc["topic"]["forms_without_evidence"]
    assert doc["topic"]["disagreement"].startswith("These sources disagree")
    text = _flat(run("list", "--use", "migraine").stdout)
    assert "Level B: probably effective" in text and "No evidence recorded for this use" in text


def test_search_finds_forms_by_a_topic_word() -> None:
    result = run("search", "insomnia", "--format", "json")
    assert {h["id"] for h in json.loads(result.stdout)["hits"]} >= {"oxide", "threonate"}


# ---- claims and the citation checker ------------------------------------------------------


def test_claims_lists_marketing_claims_across_forms() -> None:
    result = run("claims", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    rows = json.loads(result.stdout)["claims"]
    said = {r["claim"]: r for r in rows}
    assert said["Magnesium works within 1-3 weeks, or after 6-12 weeks."]["forms"] == []
    assert said["Magnesium oxide is only 4 % absorbed."]["verdict"] == "misleading"
    assert any("blood-brain barrier" in c for c in said)
    glycinate = json.loads(run("claims", "glycinate", "--format", "json").stdout)["claims"]
    assert all(not r["forms"] or "glycinate" in r["forms"] for r in glycinate)
    assert any("depression and anxiety" in r["claim"] for r in glycinate)
    text = _flat(run("claims", "threonate").stdout)
    assert "Verdict: not-supported" in text and "Kidney disease" in text


@pytest.mark.parametrize("query", ["35458631", "PMID 35458631", "pmid:35458631"])
def test_source_tells_what_a_cited_pmid_really_is(query: str) -> None:
    result = run("source", query, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["key"] is None and doc["source"] is None
    check = doc["citation_checks"][0]
    assert check["matches"] == "not-found" and check["probable"] == "noah2022"
    assert "10.3390/nu14091863" in check["resolves_to"]
    assert "kidney" in doc["kidney_caution"]["text"].lower()


def test_source_by_key_doi_or_pmcid_lists_every_claim_resting_on_it() -> None:
    by_key = json.loads(run("source", "tarleton2017", "--format", "json").stdout)
    by_doi = json.loads(
        run("source", "doi:10.1371/journal.pone.0180067", "--format", "json").stdout
    )
    by_pmcid = json.loads(run("source", "pmc5487054", "--format", "json").stdout)
    assert by_key["cited_by"] == by_doi["cited_by"] == by_pmcid["cited_by"]
    where = [c["where"] for c in by_key["cited_by"]]
    assert "form chloride, use depression" in where and "topic depression, finding" in where
    assert by_key["citation_checks"][0]["matches"] == "yes"
    text = _flat(run("source", "mori2019").stdout)
    assert "form oxide, use constipation" in text and "PMC6786451" in text


def test_every_marketing_page_citation_is_checked() -> None:
    for query in ("36558273", "sun-2023-threonate", "effatpanah-2023-adhd"):
        result = run("source", query)
        assert result.exit_code == 0, (query, result.stderr)
        assert "Citation check" in result.stdout
    neuro = json.loads(run("source", "neuropharmacology-2015-depression", "-f", "json").stdout)
    assert neuro["citation_checks"][0]["matches"] == "no-identifier"


def test_an_unknown_identifier_says_so_on_stderr() -> None:
    result = run("source", "99999999")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "magref does not know the source '99999999'" in result.stderr
    typo = run("source", "tarleton2071")
    assert "did you mean tarleton2017" in typo.stderr


# ---- JSON export ----------------------------------------------------------------------------


def test_the_json_export_carries_findings_topics_claims_and_checks(cat: Catalogue) -> None:
    doc = json.loads(run("export", "--format", "json").stdout)
    assert set(doc["certainty_scale"]) >= {"high", "moderate", "low", "very-low"}
    oxide = next(f for f in doc["forms"] if f["id"] == "oxide")
    use = next(u for u in oxide["uses"] if u["topic"] == "constipation")
    for field in ("statement", "direction", "certainty", "design", "forms_studied"):
        assert field in use
    assert use["dose_mg_per_day"] == 905 and use["duration"] == "28 days" and use["notes"]
    assert {t["id"] for t in doc["topics"]} == {t.id for t in cat.topics}
    migraine = next(t for t in doc["topics"] if t["id"] == "migraine")
    assert migraine["guidelines"][0]["rating"] == "Level B: probably effective"
    assert len(doc["claims"]) == len(evidence.claims(cat))
    assert {c["id"] for c in doc["citation_checks"]} == {c.id for c in cat.citation_checks}
    assert set(doc["evidence_sources"]) >= {"holland2012", "noah2022"}
