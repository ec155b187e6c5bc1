"""The practice report page: opened with its token, gone with the practice retention."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.practice.cases import role_cases
from bot.practice.cleanup import cleanup_practice
from bot.practice.roleplay import play
from bot.practice.rubric import score
from bot.practice.trainee_report import REPORT_QUESTION, build_report
from bot.store.repository import repository_scope


def _stored(conversation_id: str, practice: bool = True) -> dict:
    lotte = {c.key: c for c in role_cases()}["toestemming_eerst_gemeente"]
    turns = ["Hoe gaat het thuis?", "ik bel morgen de gemeente"]
    report = build_report(lotte, turns, score(lotte, play(lotte, turns)))
    with repository_scope() as repository:
        repository.ensure_conversation(conversation_id, mode="oefenen", practice=practice)
        repository.record_answer(
            conversation_id, REPORT_QUESTION, report, answered_by="professional"
        )
    return report


def test_the_report_opens_with_its_token_as_page_and_pdf(web) -> None:
    report = _stored("oefen-1")
    page = web.get(f"/oefenen/verslag/oefen-1/{report['token']}")
    assert page.status_code == 200 and "Oefenverslag: Lotte (17)" in page.text
    assert "bij je 2e bericht" in page.text.lower()
    pdf = web.get(f"/oefenen/verslag/oefen-1/{report['token']}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert web.get("/oefenen/verslag/oefen-1/geraden").status_code == 404


def test_a_real_conversation_never_serves_a_report(web) -> None:
    report = _stored("echt-1", practice=False)
    assert web.get(f"/oefenen/verslag/echt-1/{report['token']}").status_code == 404


def test_the_report_is_gone_after_the_practice_retention(web) -> None:
    report = _stored("oefen-2")
    later = datetime.now(timezone.utc) + timedelta(hours=25)
    assert cleanup_practice(24, now=later) == 1
    assert web.get(f"/oefenen/verslag/oefen-2/{report['token']}").status_code == 404
