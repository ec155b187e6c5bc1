"""What a hand-over row and page say: who it is about, the wait, the decision in words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.knowledge.summary import build_summary
from bot.web.staff.display import about, decision_text, wait_label

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def _case(status: str, **moments: timedelta) -> dict[str, object]:
    case: dict[str, object] = {
        "status": status,
        "created_at": (NOW - timedelta(minutes=30)).isoformat(),
    }
    for name, before in moments.items():
        case[name] = (NOW - before).isoformat()
    return case


def test_the_wait_is_shown_only_while_a_case_waits() -> None:
    assert wait_label(_case("open"), NOW) == "wacht 30 min"
    taken = _case("in_behandeling", taken_at=timedelta(minutes=18))
    assert wait_label(taken, NOW) == "opgepakt na 12 min"
    closed = _case("afgerond", taken_at=timedelta(minutes=18), decided_at=timedelta(minutes=2))
    assert "wacht" not in wait_label(closed, NOW)
    assert wait_label(closed, NOW).startswith("op 07-12-2026")


def test_two_cases_at_the_same_point_read_differently_and_without_contact_details() -> None:
    common = {"rol": "mentor", "deel": "vervolg"}
    one = build_summary({**common, "vervolg_richting": "werk"}, None, "vervolg")
    two = build_summary({**common, "vervolg_richting": "opleiding"}, None, "vervolg")
    assert about(one) != about(two)
    assert "Begint bij" not in about(one) and "Wie doet mee" not in about(one)
    intake = build_summary(
        {"verwijzer_naam": "Sanne de Boer", "contact": "06 12345678", "verwijzer": "school"},
        None,
        "pre_intake",
    )
    assert "Sanne" not in about(intake) and "06" not in about(intake)
    assert about(build_summary({"rol": "mentor"}, None, "op_verzoek")) == "nog geen antwoorden"
    assert about(one, label="SdB, Regio College") == "SdB, Regio College"


def test_a_route_decision_reads_in_dutch_with_its_level() -> None:
    assert decision_text("leerroute", "certificaat") != "certificaat"
    assert decision_text("leerroute", "mbo_diploma:niveau_2").endswith(", niveau 2")
    assert "entree" in decision_text("leerroute", "mbo_diploma:entree")
    assert decision_text("vervolg", "Werk met een jobcoach") == "Werk met een jobcoach"
