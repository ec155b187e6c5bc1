"""The validators act on what a turn does: confirm unsure values, apply corrections, keep
questions back for the professional, and never store what was not said."""

from __future__ import annotations

from typing import Any

from actions.forms import (
    CONFIRM_SLOT,
    ValidateRealisatieForm,
    ValidateVervolgForm,
    ValidateVoorkantForm,
)
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker

CONSENTED = {
    "toestemming": "ja",
    "jonger_dan_16": "nee",
    "rol": "professional",
    "jongere_akkoord": "ja",  # from 16 the young person's own yes, through the professional
    "deel": "voorkant",
}
VOORKANT = {**CONSENTED, "herkomst": "vmbo", "leeftijd": 16, "startkwalificatie": "nee"}
REALISATIE = {
    **VOORKANT,
    "wensen": "kapper",
    "leerstijl": "doen",
    "ondersteuningsbehoefte": "ja",
    "signalen": ["geen"],
    "betrokken_partners": ["geen"],
    "gekozen_route": "mbo_diploma",
}


def _questions(repository: Any) -> list[str]:
    """The questions kept for the professional (notes of kind ``vraag``), masked."""
    return [n.text_masked for n in repository.notes("gesprek-1") if n.kind == "vraag"]


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def said(dispatcher: Any) -> list[str]:
    return [m.get("text") or m.get("response") or "" for m in dispatcher.messages]


async def test_a_remark_about_the_chat_is_answered_and_nothing_stored(
    database, dispatcher, domain
) -> None:
    slots = {**REALISATIE, "requested_slot": "begeleiding_nodig"}
    tracker = make_tracker(
        text="hallo?? ik zie niks", intent="ontkennen", slots=slots, active_loop="realisatie_form"
    )
    events = await ValidateRealisatieForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["begeleiding_nodig"] is None and values["requested_slot"] == "begeleiding_nodig"
    assert "ik lees mee" in said(dispatcher)[0]
    with repository_scope() as repository:
        assert "begeleiding_nodig" not in repository.answers("gesprek-1")


async def test_doubt_is_stored_as_not_known(database, dispatcher, domain) -> None:
    slots = {
        **REALISATIE,
        "deel": "vervolg",
        "vervolg_richting": "werk",
        "requested_slot": "arbeidsvermogen",
    }
    tracker = make_tracker(
        text="Hoe moet ik dat nou weten? Ze is 15. Ik hoop het natuurlijk wel.",
        intent="bevestigen",
        slots=slots,
        active_loop="vervolg_form",
    )
    events = await ValidateVervolgForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["arbeidsvermogen"] == "weet_niet"


async def test_a_question_back_is_kept_for_the_professional(database, dispatcher, domain) -> None:
    slots = {
        **REALISATIE,
        "vervolg_richting": "banenafspraak",
        "arbeidsvermogen": "beperkt",
        "nazorg_nodig": "ja",
        "warme_overdracht": "ja",
        "requested_slot": "overnemende_partner",
    }
    text = "wie regelt de jobcoach bij de banenafspraak, gemeente of uwv?"
    entities = [{"entity": "partner", "value": "gemeente"}, {"entity": "partner", "value": "uwv"}]
    tracker = make_tracker(text=text, entities=entities, slots=slots, active_loop="vervolg_form")
    events = await ValidateVervolgForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert "overnemende_partner" not in values or values["overnemende_partner"] is None
    assert values["requested_slot"] == "overnemende_partner"
    assert any("medewerker" in line for line in said(dispatcher))
    with repository_scope() as repository:
        [kept] = _questions(repository)  # masked as any typed text
        assert kept.startswith("wie regelt de jobcoach") and kept.endswith("gemeente of uwv?")
        assert "overnemende_partner" not in repository.answers("gesprek-1")


async def test_an_unsure_value_is_confirmed_then_recorded(database, dispatcher, domain) -> None:
    slots = {**VOORKANT, "wensen": "kapper", "leerstijl": "doen"}
    tracker = make_tracker(
        text="Geen diagnose bekend. Wel structuur en een vaste coach nodig.",
        intent="ontkennen",
        slots={**slots, "requested_slot": "ondersteuningsbehoefte"},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values[CONFIRM_SLOT] == {"vraag": "ondersteuningsbehoefte", "waarde": "ja"}
    assert values["requested_slot"] == CONFIRM_SLOT
    assert "ondersteuningsbehoefte" not in values
    [line] = [m for m in dispatcher.messages if m.get("response") == "utter_bevestig_waarde"]
    assert line["waarde"] == "ja"
    with repository_scope() as repository:
        assert "ondersteuningsbehoefte" not in repository.answers("gesprek-1")

    dispatcher.messages.clear()
    tracker = make_tracker(
        text="/bevestigen",
        intent="bevestigen",
        slots={**slots, **values},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["ondersteuningsbehoefte"] == "ja" and values[CONFIRM_SLOT] is None
    assert values["requested_slot"] == "signalen"
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["ondersteuningsbehoefte"] == "ja"


async def test_no_to_a_confirmation_asks_the_question_again(database, dispatcher, domain) -> None:
    pending = {"vraag": "ondersteuningsbehoefte", "waarde": "ja"}
    slots = {**VOORKANT, "wensen": "kapper", "leerstijl": "doen"}
    tracker = make_tracker(
        text="nee",
        intent="ontkennen",
        slots={**slots, CONFIRM_SLOT: pending, "requested_slot": CONFIRM_SLOT},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values[CONFIRM_SLOT] is None and values["requested_slot"] == "ondersteuningsbehoefte"
    assert values.get("ondersteuningsbehoefte") is None


async def test_a_correction_in_free_words_is_a_revision(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="advies", consent=True)
        repository.record_answer("gesprek-1", "leeftijd", 16, answered_by="professional")
    slots = {**VOORKANT, "wensen": "kapper", "requested_slot": "leerstijl"}
    tracker = make_tracker(
        text="sorry, hij is net 17 geworden", slots=slots, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["leeftijd"] == 17 and values["requested_slot"] == "leerstijl"
    assert "leerstijl" not in values
    [line] = [m for m in dispatcher.messages if m.get("response") == "utter_antwoord_aangepast"]
    assert line["waarde"] == "17"
    with repository_scope() as repository:
        [row] = [a for a in repository.answer_rows("gesprek-1") if a.question == "leeftijd"]
        assert row.value == 17 and row.revision == 2


async def test_a_correction_under_16_asks_for_a_parent(database, dispatcher, domain) -> None:
    slots = {**VOORKANT, "wensen": "kapper", "requested_slot": "leerstijl"}
    tracker = make_tracker(text="hij is toch 15", slots=slots, active_loop="voorkant_form")
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["leeftijd"] == 15 and values["jonger_dan_16"] == "ja"
    assert values["requested_slot"] == "ouder_akkoord"


async def test_a_correction_of_a_school_changes_only_the_school(
    database, dispatcher, domain
) -> None:
    slots = {**VOORKANT, "herkomst": "havo_vwo", "wensen": "kapper", "requested_slot": "leerstijl"}
    tracker = make_tracker(text="het was vmbo, geen havo", slots=slots, active_loop="voorkant_form")
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["herkomst"] == "vmbo" and "leerstijl" not in values


async def test_a_correction_of_an_earlier_part_goes_to_the_professional(
    database, dispatcher, domain
) -> None:
    slots = {**REALISATIE, "requested_slot": "begeleiding_nodig"}
    tracker = make_tracker(
        text="nee wacht, ze woont niet meer thuis", slots=slots, active_loop="realisatie_form"
    )
    events = await ValidateRealisatieForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert "signalen" not in values and values["requested_slot"] == "begeleiding_nodig"
    assert any("verbetering" in line for line in said(dispatcher))
    with repository_scope() as repository:
        assert _questions(repository) == ["nee wacht, ze woont niet meer thuis"]


async def test_a_correction_in_this_part_asks_the_question_again(
    database, dispatcher, domain
) -> None:
    slots = {**VOORKANT, "wensen": "kapper", "signalen": ["geen"], "requested_slot": "leerstijl"}
    tracker = make_tracker(
        text="nee wacht, ze woont niet meer thuis", slots=slots, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["signalen"] is None and values["requested_slot"] == "leerstijl"


async def test_no_to_the_age_check_with_the_age_in_the_same_breath_records_it(
    database, dispatcher, domain
) -> None:
    # "Klopt het dat de jongere 15 jaar is?" – "nee wacht, ze is 16": 16 counts, no new question.
    slots = {
        **CONSENTED,
        "herkomst": "vmbo",
        "leeftijd_controle": 15,
        "requested_slot": "leeftijd_klopt",
    }
    tracker = make_tracker(
        text="nee wacht, ze is 16", intent="ontkennen", slots=slots, active_loop="voorkant_form"
    )
    values = slot_values(await ValidateVoorkantForm().run(dispatcher, tracker, domain))
    assert values["leeftijd"] == 16 and values["jonger_dan_16"] == "nee"
    assert values["leeftijd_controle"] is None and values["requested_slot"] != "leeftijd"


async def test_signals_named_in_passing_are_asked_and_the_answer_adds_to_them(
    database, dispatcher, domain
) -> None:
    before = {**VOORKANT, "wensen": "kok", "leerstijl": "doen", "signalen": ["schulden"]}
    tracker = make_tracker(
        text="weet ik niet",
        slots={**before, "requested_slot": "ondersteuningsbehoefte"},
        events=[{"event": "slot", "name": "requested_slot", "value": "ondersteuningsbehoefte"}],
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["requested_slot"] == "signalen"
    assert "Je noemde al: schulden." in said(dispatcher)[-1]

    answered = {**before, "ondersteuningsbehoefte": "weet_niet", "requested_slot": "signalen"}
    tracker = make_tracker(
        text="problemen thuis en schulden",
        slots=answered,
        events=[{"event": "slot", "name": "requested_slot", "value": "signalen"}],
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["signalen"] == ["schulden", "thuissituatie"]
    assert values["requested_slot"] == "betrokken_partners"


async def test_an_unmarked_correction_is_confirmed_then_recorded_as_a_revision(
    database, dispatcher, domain
) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="advies", consent=True)
        repository.record_answer("gesprek-1", "herkomst", "vmbo", answered_by="professional")
    slots = {**VOORKANT, "wensen": "kapper", "leerstijl": "doen"}
    tracker = make_tracker(
        text="eigenlijk komt hij van het praktijkonderwijs",
        slots={**slots, "requested_slot": "ondersteuningsbehoefte"},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values[CONFIRM_SLOT] == {"vraag": "herkomst", "waarde": "pro"}
    assert "herkomst" not in values and "ondersteuningsbehoefte" not in values
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["herkomst"] == "vmbo"  # nothing recorded blind

    tracker = make_tracker(
        text="ja", intent="bevestigen", slots={**slots, **values}, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["herkomst"] == "pro" and values["requested_slot"] == "ondersteuningsbehoefte"
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["herkomst"] == "pro"


async def test_a_correction_that_denies_the_old_answer_is_recorded_and_said(
    database, dispatcher, domain
) -> None:
    """ "..., niet van het vmbo" says the recorded answer is wrong: the new value is recorded
    as a revision and said in one line; the open question comes again."""
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="advies", consent=True)
        repository.record_answer("gesprek-1", "herkomst", "vmbo", answered_by="professional")
    slots = {**VOORKANT, "wensen": "kapper", "leerstijl": "doen"}
    tracker = make_tracker(
        text="eigenlijk komt hij van het praktijkonderwijs, niet van het vmbo",
        slots={**slots, "requested_slot": "ondersteuningsbehoefte"},
        active_loop="voorkant_form",
    )
    values = slot_values(await ValidateVoorkantForm().run(dispatcher, tracker, domain))
    assert values["herkomst"] == "pro" and values.get(CONFIRM_SLOT) is None
    assert values["requested_slot"] == "ondersteuningsbehoefte"
    assert "utter_antwoord_aangepast" in said(dispatcher)
    with repository_scope() as repository:
        assert repository.answers("gesprek-1")["herkomst"] == "pro"


async def _at_the_check(dispatcher, domain, text: str, intent: str, pending: dict) -> dict:
    slots = {**CONSENTED, "herkomst": "vso", "leeftijd": 15, "rol": "ouder"}
    tracker = make_tracker(
        text=text,
        intent=intent,
        slots={**slots, CONFIRM_SLOT: pending, "requested_slot": CONFIRM_SLOT},
        active_loop="voorkant_form",
    )
    return slot_values(await ValidateVoorkantForm().run(dispatcher, tracker, domain))


async def test_a_skipped_check_is_asked_once_more_and_the_hedge_is_not_recorded(
    database, dispatcher, domain
) -> None:
    """Seen through the relay: a mother skipped "Startkwalificatie: nee. Klopt dat?" and
    wrote the wish; her "misschien" was recorded as "startkwalificatie: weet niet"."""
    pending = {"vraag": "startkwalificatie", "waarde": "nee"}
    wish = "Ze is gek op dieren. Misschien iets met dieren verzorgen?"
    values = await _at_the_check(dispatcher, domain, wish, "informeren", pending)
    assert "startkwalificatie" not in values
    assert values[CONFIRM_SLOT] == {**pending, "nogmaals": True}
    assert values["requested_slot"] == CONFIRM_SLOT
    assert any(m.get("response") == "utter_bevestig_waarde" for m in dispatcher.messages)
    with repository_scope() as repository:
        assert "startkwalificatie" not in repository.answers("gesprek-1")

    dispatcher.messages.clear()  # skipped a second time: the question stays open
    values = await _at_the_check(
        dispatcher, domain, wish, "informeren", {**pending, "nogmaals": True}
    )
    assert values[CONFIRM_SLOT] is None and "startkwalificatie" not in values
    assert values["requested_slot"] == "startkwalificatie"


async def test_not_knowing_at_the_check_is_still_an_answer(database, dispatcher, domain) -> None:
    """The other side: words about the held-back question itself still answer it."""
    pending = {"vraag": "startkwalificatie", "waarde": "nee"}
    values = await _at_the_check(dispatcher, domain, "weet ik eigenlijk niet", "weet_niet", pending)
    assert values["startkwalificatie"] == "weet_niet" and values[CONFIRM_SLOT] is None
    dispatcher.messages.clear()
    values = await _at_the_check(dispatcher, domain, "ja klopt", "bevestigen", pending)
    assert values["startkwalificatie"] == "nee"


async def test_a_term_asked_inside_an_answer_is_explained_and_the_answer_kept(
    database, dispatcher, domain
) -> None:
    slots = {**CONSENTED, "herkomst": "vso", "leeftijd": 15, "rol": "ouder"}
    text = (
        "nee die heeft ze niet, ze zit nog op school. maar wat is eigenlijk het verschil "
        "tussen vso en praktijkonderwijs? dat heb ik nooit goed begrepen"
    )
    tracker = make_tracker(
        text=text,
        intent="ontkennen",
        slots={**slots, "requested_slot": "startkwalificatie"},
        active_loop="voorkant_form",
    )
    values = slot_values(await ValidateVoorkantForm().run(dispatcher, tracker, domain))
    assert values.get("startkwalificatie") == "nee" or values.get(CONFIRM_SLOT) == {
        "vraag": "startkwalificatie",
        "waarde": "nee",
    }
    assert any("praktijkonderwijs" in line for line in said(dispatcher)[:1])


async def test_the_open_question_answered_at_a_check_of_an_earlier_answer_is_kept(
    database, dispatcher, domain
) -> None:
    """Seen through the relay: at "Ik schrijf op: Leert het best: door te doen. Klopt dat?"
    (a correction read in passing) a mother answered the open question about extra help."""
    pending = {"vraag": "leerstijl", "waarde": "doen"}
    slots = {**CONSENTED, "herkomst": "vso", "leeftijd": 15, "rol": "ouder"}
    slots.update({"startkwalificatie": "nee", "wensen": "dieren", "leerstijl": "weet_niet"})
    tracker = make_tracker(
        text="ja ze heeft wel extra hulp nodig, vooral bij plannen",
        intent="bevestigen",
        slots={**slots, CONFIRM_SLOT: pending, "requested_slot": CONFIRM_SLOT},
        active_loop="voorkant_form",
    )
    values = slot_values(await ValidateVoorkantForm().run(dispatcher, tracker, domain))
    assert values["ondersteuningsbehoefte"] == "ja"
    assert values["leerstijl"] == "doen" and values[CONFIRM_SLOT] is None  # the yes confirms


async def test_a_long_yes_at_a_check_confirms_and_reads_nothing_ahead(
    database, dispatcher, domain
) -> None:
    """A leading yes answers "Klopt dat?": "ja ..." once recorded startkwalificatie "ja"
    over the held-back "nee". When the check is about the open question, the next
    question (not asked yet) is never filled from the words."""
    pending = {"vraag": "startkwalificatie", "waarde": "nee"}
    values = await _at_the_check(
        dispatcher,
        domain,
        "ja ze heeft wel extra hulp nodig, vooral bij plannen",
        "bevestigen",
        pending,
    )
    assert "ondersteuningsbehoefte" not in values
    assert values["startkwalificatie"] == "nee" and values[CONFIRM_SLOT] is None


async def test_yes_but_at_a_check_is_no_confirmation(database, dispatcher, domain) -> None:
    pending = {"vraag": "startkwalificatie", "waarde": "nee"}
    values = await _at_the_check(
        dispatcher, domain, "ja maar ze heeft wel een vmbo diploma", "bevestigen", pending
    )
    assert values.get("startkwalificatie") != "nee"


async def test_who_consented_follows_an_age_corrected_across_16(
    database, dispatcher, domain
) -> None:
    """Seen through the relay: a mother consented for her daughter of "15", corrected the age
    to 16 and said her daughter agrees; the conversation still said consent_by "ouder"."""
    under_16 = {**CONSENTED, "rol": "ouder", "jonger_dan_16": "ja", "ouder_akkoord": "ja"}
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", role="ouder", consent=True, consent_by="ouder")
    slots = {**under_16, "herkomst": "vso", "leeftijd": 16, "jonger_dan_16": "nee"}
    tracker = make_tracker(
        text="ja ze weet ervan en vindt het goed",
        intent="bevestigen",
        slots={**slots, "jongere_akkoord": None, "requested_slot": "jongere_akkoord"},
        active_loop="voorkant_form",
    )
    await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        assert repository.get_conversation("gesprek-1").consent_by == "via_ouder"
