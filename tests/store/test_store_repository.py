"""Round trips of every Repository method, on SQLite and (if reachable) PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.store import (
    AlreadyDecided,
    AlreadyTaken,
    NotFound,
    NotTaken,
    Repository,
    repository_scope,
)
from bot.store.models import Answer, Conversation, Handover, Message, Suggestion

SUGGESTIONS = [
    {"partner": "gemeente", "reason": "omdat er schulden zijn", "rule_id": "schulden"},
    {"partner": "uwv", "reason": "omdat een jobcoach kan helpen", "rule_id": "jobcoach"},
]


def _count(repo: Repository, model: type) -> int:
    return repo.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


# -- conversations ---------------------------------------------------------------------


def test_ensure_conversation_creates_then_updates_only_given_fields(repo):
    created = repo.ensure_conversation("c1", consent=True)
    assert (created.mode, created.role, created.practice, created.consent) == (
        None,
        None,
        False,
        True,
    )
    repo.ensure_conversation("c1", mode="advies", role="samen")
    updated = repo.ensure_conversation("c1", parent_consent=False)
    assert (updated.mode, updated.role, updated.consent, updated.parent_consent) == (
        "advies",
        "samen",
        True,
        False,
    )
    assert updated.created_at.tzinfo == timezone.utc
    assert _count(repo, Conversation) == 1


def test_mode_oefenen_marks_practice(repo):
    assert repo.ensure_conversation("p1", mode="oefenen").practice is True
    assert repo.ensure_conversation("p2", mode="oefenen", practice=False).practice is False


@pytest.mark.parametrize("kwargs", [{"mode": "spelen"}, {"role": "buurman"}])
def test_ensure_conversation_rejects_unknown_keys(repo, kwargs):
    with pytest.raises(ValueError):
        repo.ensure_conversation("c1", **kwargs)


def test_get_conversation_unknown_raises_not_found(repo):
    with pytest.raises(NotFound):
        repo.get_conversation("nope")


# -- answers ---------------------------------------------------------------------------


def test_same_answer_twice_is_one_row_revision_1(repo):
    repo.record_answer("c1", "leeftijd", 17, text="ik ben 17", answered_by="jongere")
    answer = repo.record_answer("c1", "leeftijd", 17, text="ik ben 17", answered_by="jongere")
    assert answer.revision == 1
    assert _count(repo, Answer) == 1


def test_changed_answer_bumps_revision_and_identical_retry_does_not(repo):
    repo.record_answer("c1", "herkomst", "pro", answered_by="jongere")
    corrected = repo.record_answer("c1", "herkomst", "vso", answered_by="professional")
    assert (corrected.value, corrected.revision, corrected.answered_by) == (
        "vso",
        2,
        "professional",
    )
    again = repo.record_answer("c1", "herkomst", "vso", answered_by="professional")
    assert again.revision == 2
    new_words = repo.record_answer("c1", "herkomst", "vso", text="vso", answered_by="jongere")
    assert new_words.revision == 3
    assert _count(repo, Answer) == 1


def test_answers_round_trip_json_values_in_order(repo):
    repo.record_answer("c1", "herkomst", "pro", answered_by="jongere")
    repo.record_answer("c1", "leeftijd", 17, answered_by="jongere")
    repo.record_answer("c1", "signalen", ("schulden", "wonen"), answered_by="professional")
    repo.session.commit()
    repo.session.expire_all()
    assert repo.answers("c1") == {
        "herkomst": "pro",
        "leeftijd": 17,
        "signalen": ["schulden", "wonen"],
    }
    # A tuple and a list of the same items are the same answer.
    again = repo.record_answer("c1", "signalen", ["schulden", "wonen"], answered_by="professional")
    assert again.revision == 1
    assert repo.answers("other") == {}


def test_answer_text_is_masked_before_storing(repo):
    answer = repo.record_answer(
        "c1",
        "wensen",
        "zorg",
        text="Ik heet Sanne, bel me op 06-12345678. Daan wil ook zorg doen",
        answered_by="jongere",
        known_names=["Daan"],
    )
    repo.session.commit()
    stored = repo.session.execute(sa.select(Answer.text_masked)).scalar_one()
    assert stored == answer.text_masked
    assert stored == "Ik heet [naam], bel me op [telefoon]. [naam] wil ook zorg doen"


def test_unstorable_answer_value_is_refused(repo):
    with pytest.raises(TypeError):
        repo.record_answer("c1", "x", object(), answered_by="jongere")


# -- suggestions -----------------------------------------------------------------------


@dataclass
class RuleHit:
    partner: str
    reason: str
    rule_id: str


def test_suggestions_are_not_duplicated_and_accept_objects(repo):
    repo.record_suggestions("c1", "leerroute", SUGGESTIONS)
    repo.record_suggestions("c1", "leerroute", [*SUGGESTIONS, SUGGESTIONS[0]])
    repo.record_suggestions(
        "c1", "leerroute", [RuleHit("gemeente", "omdat er schulden zijn (nieuw)", "schulden")]
    )
    rows = repo.suggestions("c1")
    assert [(s.partner, s.rule_id) for s in rows] == [
        ("gemeente", "schulden"),
        ("uwv", "jobcoach"),
    ]
    assert rows[0].reason == "omdat er schulden zijn (nieuw)"
    repo.record_suggestions("c1", "vervolg", SUGGESTIONS[:1])
    assert len(repo.suggestions("c1")) == 3
    assert len(repo.suggestions("c1", "vervolg")) == 1


def test_suggestion_without_rule_is_refused(repo):
    with pytest.raises(ValueError):
        repo.record_suggestions("c1", "leerroute", [{"partner": "uwv", "reason": "omdat"}])


# -- hand-overs ------------------------------------------------------------------------


def test_open_handover_twice_with_same_request_key_is_one_row(repo):
    first = repo.open_handover(
        "c1", "leerroute", "Samenvatting", SUGGESTIONS, request_key="1700000000.1"
    )
    second = repo.open_handover(
        "c1", "leerroute", "Samenvatting", SUGGESTIONS, request_key="1700000000.1"
    )
    assert first.id == second.id
    assert _count(repo, Handover) == 1
    assert _count(repo, Suggestion) == 2
    assert [s.partner for s in second.suggestions] == ["gemeente", "uwv"]
    assert first.status == "open"
    assert first.created_at.tzinfo == timezone.utc
    # A Rasa event timestamp may be passed as a number.
    by_time = repo.open_handover("c2", "op_verzoek", "s", request_key=1700000000.25)
    assert by_time.request_key == "1700000000.25"
    assert repo.open_handover("c2", "op_verzoek", "s", request_key=1700000000.25).id == by_time.id


def test_open_handover_returns_the_active_one_for_the_same_decision_point(repo):
    first = repo.open_handover("c1", "leerroute", "eerste", request_key="k1")
    again = repo.open_handover("c1", "leerroute", "tweede", request_key="k2")
    assert again.id == first.id
    other_point = repo.open_handover("c1", "op_verzoek", "mens gevraagd", request_key="k3")
    assert other_point.id != first.id
    repo.take_handover(first.id, "mentor1")
    assert repo.open_handover("c1", "leerroute", "derde").id == first.id
    repo.record_decision(first.id, "certificaat", None, "mentor1")
    later = repo.open_handover("c1", "leerroute", "na correctie", SUGGESTIONS, request_key="k4")
    assert later.id != first.id
    assert [s.partner for s in later.suggestions] == ["gemeente", "uwv"]


def test_open_handover_rejects_unknown_decision_point(repo):
    with pytest.raises(ValueError):
        repo.open_handover("c1", "zomaar", "x")


def test_active_handover(repo):
    assert repo.active_handover("c1") is None
    handover = repo.open_handover("c1", "ondersteuning", "s")
    assert repo.active_handover("c1").id == handover.id
    repo.record_decision(handover.id, "afspraken gemaakt", "zie notitie", "mentor1")
    assert repo.active_handover("c1") is None


def test_list_handovers_newest_first_without_practice(repo):
    repo.ensure_conversation("real", mode="advies")
    repo.ensure_conversation("practice", mode="oefenen")
    older = repo.open_handover("real", "leerroute", "ouder")
    practice = repo.open_handover("practice", "leerroute", "oefening")
    newer = repo.open_handover("real", "op_verzoek", "nieuwer", SUGGESTIONS)
    older.created_at = datetime.now(timezone.utc) - timedelta(hours=1)
    repo.session.flush()

    listed = repo.list_handovers()
    assert [h.id for h in listed] == [newer.id, older.id]
    assert [s.partner for s in listed[0].suggestions] == ["gemeente", "uwv"]
    assert practice.id in {h.id for h in repo.list_handovers(include_practice=True)}
    repo.take_handover(older.id, "mentor1")
    assert [h.id for h in repo.list_handovers(status="open")] == [newer.id]
    assert [h.id for h in repo.list_handovers(status="in_behandeling")] == [older.id]
    assert repo.list_handovers(status="afgerond") == []
    with pytest.raises(ValueError):
        repo.list_handovers(status="weg")


def test_take_handover_conflict_and_idempotent_retake(repo):
    handover = repo.open_handover("c1", "leerroute", "s")
    taken = repo.take_handover(handover.id, "mentor1")
    assert (taken.status, taken.taken_by) == ("in_behandeling", "mentor1")
    assert taken.taken_at.tzinfo == timezone.utc
    assert repo.take_handover(handover.id, "mentor1").taken_by == "mentor1"
    with pytest.raises(AlreadyTaken) as excinfo:
        repo.take_handover(handover.id, "mentor2")
    assert excinfo.value.taken_by == "mentor1"
    with pytest.raises(NotFound):
        repo.take_handover(999999, "mentor1")


def test_record_decision_once(repo):
    handover = repo.open_handover("c1", "leerroute", "s")
    decided = repo.record_decision(handover.id, "mbo_diploma", "niveau 2 BBL", "mentor1")
    assert (decided.status, decided.decision, decided.note, decided.decided_by) == (
        "afgerond",
        "mbo_diploma",
        "niveau 2 BBL",
        "mentor1",
    )
    assert decided.decided_at.tzinfo == timezone.utc
    with pytest.raises(AlreadyDecided):
        repo.record_decision(handover.id, "certificaat", None, "mentor2")
    with pytest.raises(AlreadyDecided):
        repo.take_handover(handover.id, "mentor2")
    with pytest.raises(NotFound):
        repo.record_decision(999999, "x", None, "mentor1")
    with pytest.raises(ValueError):
        repo.record_decision(handover.id, "", None, "mentor1")


def test_release_gives_back_only_what_you_took(repo):
    handover = repo.open_handover("c1", "leerroute", "s")
    with pytest.raises(NotTaken):
        repo.release_handover(handover.id, "mentor1")
    repo.take_handover(handover.id, "mentor1")
    with pytest.raises(NotTaken) as excinfo:
        repo.release_handover(handover.id, "mentor2")
    assert excinfo.value.taken_by == "mentor1"
    released = repo.release_handover(handover.id, "mentor1")
    assert (released.status, released.taken_by, released.taken_at) == ("open", None, None)
    assert repo.take_handover(handover.id, "mentor2").taken_by == "mentor2"
    repo.record_decision(handover.id, "certificaat", None, "mentor2")
    with pytest.raises(AlreadyDecided):
        repo.release_handover(handover.id, "mentor2")
    with pytest.raises(NotFound):
        repo.release_handover(999999, "mentor1")


def test_a_decision_for_the_taker_only(repo):
    handover = repo.open_handover("c1", "leerroute", "s")
    with pytest.raises(NotTaken):
        repo.taken_handover(handover.id, "mentor1")
    with pytest.raises(NotTaken):
        repo.record_decision(handover.id, "certificaat", None, "mentor1", taken_by="mentor1")
    repo.take_handover(handover.id, "mentor1")
    assert repo.taken_handover(handover.id, "mentor1").id == handover.id
    with pytest.raises(NotTaken):
        repo.record_decision(handover.id, "certificaat", None, "mentor2", taken_by="mentor2")
    decided = repo.record_decision(handover.id, "certificaat", None, "mentor1", taken_by="mentor1")
    assert (decided.status, decided.decided_by) == ("afgerond", "mentor1")
    with pytest.raises(AlreadyDecided):
        repo.taken_handover(handover.id, "mentor1")
    with pytest.raises(AlreadyDecided):
        repo.record_decision(handover.id, "mbo_diploma", None, "mentor1", taken_by="mentor1")


# -- messages --------------------------------------------------------------------------


def test_messages_mask_what_people_type_and_keep_order(repo):
    handover = repo.open_handover("c1", "op_verzoek", "s")
    repo.add_message("c1", "bot", "Ik geef je door aan een mens. Bel 020-1234567 als het moet.")
    repo.add_message("c1", "jongere", "ik heet Sanne, mail sanne@example.nl", handover.id)
    repo.add_message("c1", "professional", "Hoi Sanne, ik bel je op 06 1234 5678", handover.id)
    repo.add_message("c1", "jongere", "Sanne hier nog even", known_names=["Sanne"])
    texts = [(m.sender, m.text) for m in repo.messages("c1")]
    assert texts == [
        ("bot", "Ik geef je door aan een mens. Bel 020-1234567 als het moet."),
        ("jongere", "ik heet [naam], mail [e-mail]"),
        ("professional", "Hoi [naam], ik bel je op [telefoon]"),
        ("jongere", "[naam] hier nog even"),
    ]
    assert [m.handover_id for m in repo.messages("c1")] == [None, handover.id, handover.id, None]
    with pytest.raises(ValueError):
        repo.add_message("c1", "hacker", "x")


# -- API view --------------------------------------------------------------------------


def test_conversation_detail_shape(repo):
    repo.ensure_conversation("c1", mode="advies", role="professional", consent=True)
    repo.record_answer("c1", "herkomst", "pro", answered_by="professional")
    handover = repo.open_handover("c1", "leerroute", "Herkomst: pro", SUGGESTIONS)
    repo.session.commit()
    detail = repo.conversation_detail("c1")
    assert set(detail) == {"id", "mode", "role", "practice", "answers", "suggestions", "handovers"}
    assert (detail["id"], detail["mode"], detail["role"], detail["practice"]) == (
        "c1",
        "advies",
        "professional",
        False,
    )
    assert detail["answers"] == [{"question": "herkomst", "value": "pro"}]
    assert detail["suggestions"][0] == {
        "partner": "gemeente",
        "reason": "omdat er schulden zijn",
        "rule_id": "schulden",
        "decision_point": "leerroute",
    }
    [stored] = detail["handovers"]
    assert stored["id"] == handover.id
    assert stored["status"] == "open"
    assert stored["suggested_partners"] == [
        {"partner": "gemeente", "reason": "omdat er schulden zijn"},
        {"partner": "uwv", "reason": "omdat een jobcoach kan helpen"},
    ]
    assert datetime.fromisoformat(stored["created_at"]).tzinfo is not None
    with pytest.raises(NotFound):
        repo.conversation_detail("nope")


# -- deletion --------------------------------------------------------------------------


def test_delete_conversation_cascades_everywhere(repo):
    repo.ensure_conversation("c1", mode="advies")
    repo.ensure_conversation("keep", mode="advies")
    repo.record_answer("c1", "leeftijd", 17, answered_by="jongere")
    handover = repo.open_handover("c1", "leerroute", "s", SUGGESTIONS)
    repo.add_message("c1", "jongere", "hallo", handover.id)
    repo.record_answer("keep", "leeftijd", 18, answered_by="jongere")
    repo.session.commit()

    assert repo.delete_conversation("c1") is True
    repo.session.commit()
    for model in (Answer, Handover, Suggestion, Message):
        remaining = repo.session.execute(
            sa.select(sa.func.count()).select_from(model).where(model.conversation_id == "c1")
        ).scalar_one()
        assert remaining == 0, model.__tablename__
    assert repo.answers("keep") == {"leeftijd": 18}
    assert repo.delete_conversation("c1") is False
    with pytest.raises(NotFound):
        repo.get_conversation("c1")


def test_delete_practice_older_than(repo):
    now = datetime.now(timezone.utc)
    for conversation_id, practice, age in [
        ("oefen-oud", True, timedelta(days=2)),
        ("oefen-nieuw", True, timedelta(minutes=5)),
        ("echt-oud", False, timedelta(days=30)),
    ]:
        conversation = repo.ensure_conversation(conversation_id, practice=practice)
        conversation.created_at = now - age
        repo.open_handover(conversation_id, "leerroute", "s", SUGGESTIONS)
    repo.session.commit()

    assert repo.practice_started_before(now - timedelta(days=1)) == ["oefen-oud"]
    assert repo.delete_practice_older_than(now - timedelta(days=1)) == 1
    repo.session.commit()
    remaining = repo.session.execute(sa.select(Conversation.id).order_by(Conversation.id))
    assert remaining.scalars().all() == ["echt-oud", "oefen-nieuw"]
    assert repo.delete_practice_older_than(now - timedelta(days=1)) == 0
    with pytest.raises(ValueError):
        repo.delete_practice_older_than(datetime(2024, 1, 1))


# -- professionals and constraints ---------------------------------------------------------


def test_professionals(repo):
    repo.add_professional("jdevries", "$argon2id$hash", "J. de Vries")
    found = repo.get_professional("jdevries")
    assert (found.display_name, found.active) == ("J. de Vries", True)
    assert repo.get_professional("nobody") is None
    with pytest.raises(sa.exc.IntegrityError):
        repo.add_professional("jdevries", "x", "dubbel")


def test_database_refuses_unknown_status(repo):
    handover = repo.open_handover("c1", "leerroute", "s")
    with pytest.raises(sa.exc.IntegrityError):
        repo.session.execute(
            sa.update(Handover).where(Handover.id == handover.id).values(status="weg")
        )


def test_repository_scope_commits(clean_db):
    with repository_scope(clean_db) as repo:
        repo.record_answer("c1", "leeftijd", 16, answered_by="jongere")
    with repository_scope(clean_db) as repo:
        assert repo.answers("c1") == {"leeftijd": 16}
