"""Teams, routing and office hours: the real file loads, routes right, and bad data is refused."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.knowledge import KnowledgeError
from bot.knowledge.teams import TEAMS_FILE, clear_teams_cache, load_teams

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _fresh() -> None:
    clear_teams_cache()


def test_the_real_teams_route_pre_intake_to_intake_and_advice_to_loopbaan() -> None:
    teams = load_teams()
    assert set(teams.teams) >= {"intake", "loopbaan"}
    assert teams.team_for("pre_intake", "op_verzoek").key == "intake"
    assert teams.team_for(None, "pre_intake").key == "intake"
    assert teams.team_for("advies", "leerroute").key == "loopbaan"
    assert teams.team_for("advies", "niet_begrepen").key == "loopbaan"
    assert "15 minuten" in teams.teams["loopbaan"].office_hours.answer_time


def test_office_hours_open_closed_and_the_next_opening_in_dutch() -> None:
    hours = load_teams().teams["loopbaan"].office_hours
    tuesday_ten = dt.datetime(2026, 12, 1, 10, 0, tzinfo=AMS)
    assert hours.is_open(tuesday_ten)
    friday_evening = dt.datetime(2026, 12, 4, 18, 0, tzinfo=AMS)
    assert not hours.is_open(friday_evening)
    opening = hours.next_opening(friday_evening)
    assert opening is not None
    assert (opening.day_words(friday_evening), opening.time_words) == ("maandag", "8.30")
    early = dt.datetime(2026, 12, 2, 7, 0, tzinfo=AMS)
    opening = hours.next_opening(early)
    assert opening is not None and opening.day_words(early) == "vandaag"
    wednesday_afternoon = dt.datetime(2026, 12, 2, 13, 0, tzinfo=AMS)  # open until 12.30
    opening = hours.next_opening(wednesday_afternoon)
    assert opening is not None and opening.day_words(wednesday_afternoon) == "morgen"
    # Christmas: 25 and 26 December are closing days, so Thursday evening opens on Monday 28.
    christmas_eve = dt.datetime(2026, 12, 24, 18, 0, tzinfo=AMS)
    opening = hours.next_opening(christmas_eve)
    assert opening is not None and opening.at.date() == dt.date(2026, 12, 28)
    assert not hours.is_open(dt.datetime(2026, 12, 25, 10, 0, tzinfo=AMS))


def test_office_seconds_count_only_opening_time() -> None:
    hours = load_teams().teams["loopbaan"].office_hours
    friday_late = dt.datetime(2026, 12, 4, 15, 50, tzinfo=AMS)  # open until 16.00
    monday = dt.datetime(2026, 12, 7, 8, 40, tzinfo=AMS)
    assert hours.open_seconds_between(friday_late, monday) == 20 * 60


def _teams_error(edit_yaml, change) -> KnowledgeError:  # type: ignore[no-untyped-def]
    folder = edit_yaml(TEAMS_FILE, change)
    with pytest.raises(KnowledgeError) as caught:
        load_teams(folder)
    return caught.value


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["routing"][0].update(team="balie"), "onbekend team 'balie'"),
        (lambda d: d["routing"].pop() and None, "de laatste regel noemt alleen een team"),
        (lambda d: d["routing"][1].update(decision_points=["intake"]), "onbekend beslispunt"),
        (lambda d: d["routing"][0].update(mode="oefenen"), "onbekende mode 'oefenen'"),
        (
            lambda d: d["teams"]["intake"]["office_hours"]["days"].update(maandag=["8:30-25:00"]),
            "geen tijd",
        ),
        (
            lambda d: d["teams"]["intake"]["office_hours"]["days"].update(maandag=["17:00-8:30"]),
            "het eind niet na het begin",
        ),
        (
            lambda d: d["teams"]["intake"]["office_hours"]["days"].update(maan_dag=["8:30-9:00"]),
            "onbekende dag 'maan_dag'",
        ),
        (lambda d: d["teams"]["intake"]["office_hours"].update(closed=["kerst"]), "geen datum"),
        (lambda d: d["teams"]["intake"]["office_hours"].pop("answer_time") and None, "answer_time"),
        (lambda d: d["teams"]["intake"].update(email="intake-at-school"), "geen e-mailadres"),
        (
            lambda d: d["teams"]["intake"].update(
                webhook={"url": "https://hook.example/x", "secret_env": "geheim123"}
            ),
            "geen naam van een omgevingsvariabele",
        ),
        (lambda d: d["teams"]["intake"].pop("email") and None, "geef 'email' of 'webhook'"),
        (lambda d: d.update(timezone="Europe/Utrecht"), "onbekende tijdzone"),
        (lambda d: d["teams"]["intake"].update(remind_after_minutes=0), "groter dan 0"),
        (lambda d: d["teams"]["intake"].pop("stale_after_hours") and None, "groter dan 0"),
        (lambda d: d["teams"]["intake"].update(lid=["x"]), "onbekend veld 'lid'"),
    ],
)
def test_bad_team_data_is_refused_with_a_clear_message(edit_yaml, change, expected) -> None:  # type: ignore[no-untyped-def]
    error = _teams_error(edit_yaml, change)
    assert error.file == TEAMS_FILE
    assert expected in str(error)


def test_a_webhook_with_its_secret_in_the_environment_loads(edit_yaml) -> None:  # type: ignore[no-untyped-def]
    hook = {"url": "https://hook.example/overdracht", "secret_env": "TEAM_INTAKE_WEBHOOK_SECRET"}
    folder = edit_yaml(TEAMS_FILE, lambda d: d["teams"]["intake"].update(webhook=hook))
    webhook = load_teams(folder).teams["intake"].webhook
    assert webhook is not None and webhook.secret_env == "TEAM_INTAKE_WEBHOOK_SECRET"
