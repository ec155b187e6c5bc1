"""The rehearsal: cases with roles, in-character answers, and feedback from the turns."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.responses import text as response_text
from bot.practice.cases import Case, load_cases, role_cases
from bot.practice.control import control
from bot.practice.roleplay import opening, play
from bot.practice.rubric import at, hints, score
from bot.practice.trainee_report import build_report, report_html, report_pdf


def case(key: str) -> Case:
    return {c.key: c for c in role_cases()}[key]


def points(key: str, turns: list[str]) -> dict[str, str]:
    return {p.key: p.verdict for p in score(case(key), play(case(key), turns))}


def test_at_least_eight_cases_cover_the_praatplaat_groups() -> None:
    keys = {c.key for c in role_cases()}
    assert len(keys) >= 8
    assert {
        "pro_diploma_buiten_bereik",
        "vso_jeugdhulp_bijna_18",
        "isk_nieuwkomer",
        "thuiszitter_met_moeder",
        "uitvaller_met_uitkering",
        "schulden_zonder_huis",
        "arbeidsbeperking_banenafspraak",
        "ouder_komt_alleen",
    } <= keys
    for c in role_cases():
        assert c.role is not None and c.role.facts and c.partners


ROLE = """
- key: een
  naam: Anna
  leeftijd: 17
  situatie: Anna zit op het vmbo. Ze wil graag kapper worden. Ze heeft nog geen diploma.
  partners:
    mbo_school: omdat de mbo-school de intake doet
  rol:
    vooraf: Anna zit op het vmbo.
    taal: jong
    spreker: jongere
    opening: hoi
    onduidelijk: hè?
    route: kapper niveau 2
    feiten:
      knippen: Anna knipt al haar vriendinnen.
    antwoorden:
      wensen: {kort: kapper, meer: "kapper. ik knip al mijn vriendinnen", feit: knippen}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("wensen:", "hobby:"), "onbekend onderwerp 'hobby'"),
        (("feit: knippen", "feit: kleuren"), "feit 'kleuren'"),
        (("taal: jong", "taal: deftig"), "rol.taal"),
        (("spreker: jongere", "spreker: ouder"), "rol.ouder"),
        (("    vooraf: Anna zit op het vmbo.\n", ""), "ontbreken: vooraf"),
    ],
)
def test_a_wrong_role_is_refused_with_a_clear_message(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    blocks = [ROLE.replace("key: een", f"key: c{n}") for n in range(6)]
    path = tmp_path / "cases.yml"
    path.write_text(ROLE.replace(*change) + "\n".join(blocks), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message):
        load_cases(path)


def test_a_hidden_fact_comes_only_with_an_open_question_or_a_follow_up() -> None:
    lotte = case("toestemming_eerst_gemeente")
    closed = play(lotte, ["Woon je thuis?"])[-1]
    assert closed.fact is None and "geld" not in closed.text
    opened = play(lotte, ["Hoe gaat het thuis?"])[-1]
    assert opened.fact == "geldzorgen_thuis" and "geld" in opened.text
    followed = play(lotte, ["Woon je thuis?", "Kun je daar meer over vertellen?"])[-1]
    assert followed.fact == "geldzorgen_thuis"


def test_a_follow_up_after_an_off_topic_question_goes_back_to_the_last_topic() -> None:
    lotte = case("toestemming_eerst_gemeente")
    turns = play(lotte, ["Woon je thuis?", "kijk je netflix?", "Kun je daar meer over vertellen?"])
    assert turns[1].unclear and turns[1].fact is None
    assert turns[2].fact == "geldzorgen_thuis"
    # A short open question that points back ("wat betekent dat voor jou?") asks on.
    pointed = play(lotte, ["Woon je thuis?", "Wat betekent dat voor jou?"])[-1]
    assert pointed.fact == "geldzorgen_thuis"
    # Without a topic asked before, a follow-up is still not placed.
    assert play(lotte, ["kijk je netflix?", "Kun je daar meer over vertellen?"])[-1].unclear


@pytest.mark.parametrize(
    "text", ["kijk je netflix?", "wat vind jij van ajax", "ga je vanavond nog uit?"]
)
def test_chit_chat_gets_what_do_you_mean_not_a_line_of_the_case(text: str) -> None:
    assert play(case("isk_nieuwkomer"), [text])[-1].unclear


def test_the_case_speaks_in_its_own_language_and_says_what_it_does_not_understand() -> None:
    lotte, yonas = case("toestemming_eerst_gemeente"), case("isk_nieuwkomer")
    assert play(lotte, ["Hoi Lotte, waar zat je hiervoor op school?"])[-1].text.startswith(
        "Lotte: ik deed verzorgende"
    )
    unclear = play(yonas, ["wat is je lievelingskleur?"])[-1]
    assert unclear.unclear and "Kunt u het makkelijk zeggen" in unclear.text
    assert opening(case("ouder_komt_alleen")).startswith("Ingrid:")


def test_phoning_partners_without_asking_is_a_mistake_never_praise() -> None:
    turns = [
        "Hoi Lotte, waar zat je hiervoor op school?",
        "ik bel morgen de gemeente en het UWV om haar aan te melden",
        "Ik heb Lotte helemaal niet gevraagd",
    ]
    lotte = case("toestemming_eerst_gemeente")
    given = score(lotte, play(lotte, turns))
    verdicts = {p.key: p for p in given}
    assert verdicts["besluit"].verdict == "fout" and verdicts["besluit"].turns == (2,)
    assert "Bij je 2e bericht besliste je voor Lotte" in verdicts["besluit"].text
    assert verdicts["toestemming"].verdict == "gemist"
    assert verdicts["partners"].verdict == "geen_toestemming"
    assert not any(p.praise for p in given if p.key in ("toestemming", "partners", "besluit"))
    assert all("Goed gedaan" not in p.text for p in given)


@pytest.mark.parametrize(
    ("key", "turns", "pitfall", "verdict"),
    [
        (
            "vmbo_ondersteuning_na_1_april",
            ["Heb je een diploma?", "Ja klopt, met je vmbo-diploma heb je een startkwalificatie."],
            "valkuil:vmbo_startkwalificatie",
            "fout",
        ),
        (
            "schulden_zonder_huis",
            ["Hoe gaat het met je, los van school?", "Oké, dus geen geldzorgen verder."],
            "valkuil:geldzorgen",
            "fout",
        ),
        (
            "arbeidsbeperking_banenafspraak",
            ["Je gaat werken via de banenafspraak, en je kunt het minimumloon verdienen."],
            "valkuil:banenafspraak_minimumloon",
            "fout",
        ),
        (
            "ouder_komt_alleen",
            ["Finn is 17, hij mag zelf beslissen. Kan hij de volgende keer mee?"],
            "valkuil:toestemming_jongere",
            "goed",
        ),
    ],
)
def test_contradictions_are_noticed(key: str, turns: list[str], pitfall: str, verdict: str) -> None:
    assert points(key, turns)[pitfall] == verdict


def test_consent_must_come_first_and_from_both_under_16() -> None:
    assert (
        points("vso_jeugdhulp_bijna_18", ["Hoe oud ben je?", "Mag ik opschrijven wat je zegt?"])[
            "toestemming"
        ]
        == "te_laat"
    )
    jesse = ["Goedemiddag Petra. Vindt u het goed dat ik aantekeningen maak?", "Wat doe je graag?"]
    assert points("thuiszitter_met_moeder", jesse)["toestemming"] == "half"


def test_hints_come_during_the_rehearsal_on_the_turn_they_are_about() -> None:
    lotte = case("toestemming_eerst_gemeente")
    first = hints(lotte, play(lotte, ["Waar zat je op school?"]))
    assert response_text("utter_oefentip_toestemming", naam="Lotte") in first
    decided = hints(lotte, play(lotte, ["Hoi", "Ik meld je morgen aan bij de gemeente."]))
    assert any("je besluit nu voor Lotte" in tip for tip in decided)
    closed = ["Mag ik notities maken?", "Zit je op school?", "Heb je een diploma?"]
    closed.append("Woon je thuis?")
    assert any("gesloten vragen" in tip for tip in hints(lotte, play(lotte, closed)))


def test_turn_references_read_naturally() -> None:
    assert at([5]) == "bij je 5e bericht"
    assert at([5, 2]) == "bij je 2e en 5e bericht"
    assert at([1, 3, 4]) == "bij je 1e, 3e en 4e bericht"


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("klaar", "klaar"),
        ("ik ben klaar", "klaar"),
        ("geef mij feedback", "klaar"),
        ("stop", "stop"),
        ("help", "hulp"),
        ("ik wil een medewerker spreken", "mens"),
        ("waarom ben je gestopt?", None),
        ("ben je klaar met school?", None),
    ],
)
def test_only_clear_requests_leave_the_case(text: str, meant: str | None) -> None:
    assert control(text) == meant


def test_the_report_shows_each_point_with_its_turns_and_becomes_a_pdf() -> None:
    lotte = case("toestemming_eerst_gemeente")
    turns = ["Hoi Lotte, bel me op 0612345678", "ik bel morgen de gemeente"]
    given = score(lotte, play(lotte, turns))
    report = build_report(lotte, turns, given)
    assert "0612345678" not in str(report["beurten"])  # masked like other stored text
    page = report_html(report, pdf_url="/x.pdf")
    assert "Oefenverslag: Lotte (17)" in page and "besliste je voor Lotte" in page
    assert f"{report['score']['goed']} van de {report['score']['alle']} punten" in page
    assert report_pdf(report).startswith(b"%PDF")


def test_the_practice_texts_say_what_practice_is_and_nothing_only_true_outside_it() -> None:
    import yaml

    from tests.actions.conftest import DOMAIN_FILE

    responses = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
    practice = [
        v["text"]
        for name in ("utter_hulp", "utter_wat_nu", "utter_gestopt")
        for v in responses[name]
        if any(c.get("value") == "oefenen" for c in v.get("condition", ()))
    ]
    practice += [responses[n][0]["text"] for n in ("utter_oefenen_uitleg", "utter_rollenspel_hulp")]
    assert len(practice) == 5
    for text in practice:
        assert "medewerker mee" not in text and "beslist" not in text
    assert "Ik speel de jongere" in responses["utter_oefenen_uitleg"][0]["text"]
    assert "oefengesprek" in practice[0]


def test_the_case_does_not_repeat_itself_blankly() -> None:
    rachid = case("schulden_zonder_huis")
    first, again = play(rachid, ["Wat heb je hiervoor gedaan?", "Wat voor werk heb je gedaan?"])
    assert again.text == first.text.replace("Rachid: ", "Rachid: Zoals ik zei: ", 1)


def test_a_missed_fact_points_to_the_closed_question_that_passed_it_by() -> None:
    lotte = case("toestemming_eerst_gemeente")
    given = {p.key: p for p in score(lotte, play(lotte, ["Hoi", "Woon je thuis?"]))}
    missed = given["feit:geldzorgen_thuis"]
    assert missed.verdict == "gemist" and missed.turns == (2,)
    assert "bij je 2e bericht vroeg je ernaar met een gesloten vraag" in missed.text


def test_a_follow_up_on_a_topic_without_more_goes_to_the_close_second_topic() -> None:
    from dataclasses import replace

    from bot.practice.roleplay import answer
    from bot.practice.trainee_reading import read_turn

    milan = case("arbeidsbeperking_banenafspraak")
    asked = replace(read_turn(1, "wie zijn er nu bij betrokken?", milan), asked_topic="betrokkenen")
    follow = replace(
        read_turn(2, "kun je daar meer over vertellen?", milan, asked),
        asked_topic="betrokkenen",
        followup=True,
        also_topic="ondersteuning",
    )
    told = answer(milan, follow, set())
    assert told.fact == "jobcoach_stopt"
    # Without a close second topic, or when its fact was told already, the case repeats.
    assert answer(milan, replace(follow, also_topic=None), set()).fact is None
    assert answer(milan, follow, {"jobcoach_stopt"}).fact is None
    # Not a follow-up: a near tie alone does not give the fact away.
    assert answer(milan, replace(follow, followup=False, open=False), set()).fact is None
