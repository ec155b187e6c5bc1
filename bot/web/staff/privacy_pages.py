"""Inbox pages for privacy: inzage in one conversation, and the audit trail for a beheerder.

- ``/medewerker/gesprekken/{id}/inzage``: everything recorded about one conversation, as a
  readable Dutch page (AVG art. 15: the professional hands it to the young person who asks),
  and ``.../inzage.json``, the same as ``GET /api/conversations/{id}/export``.
- ``/medewerker/logboek`` and ``/medewerker/logboek.csv``: who viewed, took, replied,
  decided, exported or erased which conversation, and when; only for a beheerder.

Both read through the casework service, which also writes each export to the trail. The
pages live apart from :mod:`bot.web.staff.inbox` so the hand-over pages stay small.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.knowledge import load_knowledge
from bot.store.refusals import NotFound
from bot.untrusted import csv_cell, download_name
from bot.web.staff.auth import BASE, render, requires_login
from bot.web.staff.case_actions import casework
from bot.web.staff.display import STATUS_LABELS, decision_label, decision_text, display_value

AUDIT_LABELS = {
    "bekeken": "bekeken",
    "opgepakt": "opgepakt",
    "teruggegeven": "teruggegeven",
    "beantwoord": "bericht gestuurd",
    "besloten": "besluit vastgelegd",
    "geexporteerd": "inzage gemaakt",
    "gewist": "gewist",
}
SENDER_LABELS = {"jongere": "Gebruiker", "professional": "Medewerker", "bot": "Assistent"}
AUDIT_PAGE_ROWS = 500


def _when(moment: str | None) -> str:
    """Day, month, year and time, the way Dutch readers write a moment (UTC)."""
    if not moment:
        return ""
    return datetime.fromisoformat(moment).strftime("%d-%m-%Y %H:%M")


def inzage_view(exported: dict[str, Any]) -> dict[str, Any]:
    """The export with Dutch labels for the page."""
    knowledge = load_knowledge()
    answers = []
    for answer in exported["answers"]:
        question = knowledge.questions.get(answer["question"])
        answers.append(
            {
                "label": question.label if question else answer["question"],
                "value": display_value(question, answer["value"]),
                "own_words": answer["own_words"],
                "when": _when(answer["answered_at"]),
            }
        )
    partners = knowledge.partners
    suggestions = [
        {
            "point": decision_label(s["decision_point"]),
            "partner": partners[s["partner"]].name if s["partner"] in partners else s["partner"],
            "reason": s["reason"],
        }
        for s in exported["suggestions"]
    ]
    handovers = [
        {
            **h,
            "point": decision_label(h["decision_point"]),
            "status_label": STATUS_LABELS.get(h["status"], h["status"]),
            "when": _when(h["created_at"]),
            "decided_when": _when(h["decided_at"]),
            "decision": decision_text(h["decision_point"], h["decision"]) if h["decision"] else "",
        }
        for h in exported["handovers"]
    ]
    lines = exported["transcript"]
    if lines is None:  # Rasa is away: the lines the project stored itself
        lines = exported["messages"]
    transcript = [
        {
            "sender": line["sender"],
            "who": SENDER_LABELS.get(line["sender"], "Assistent"),
            "text": line["text"],
            "knop": bool(line.get("knop")),
        }
        for line in lines
    ]
    audit = [
        {**row, "label": AUDIT_LABELS.get(row["action"], row["action"]), "when": _when(row["at"])}
        for row in exported["audit"]
    ]
    return {
        "id": exported["id"],
        "created": _when(exported["created_at"]),
        "answers": answers,
        "suggestions": suggestions,
        "handovers": handovers,
        "transcript": transcript,
        "audit": audit,
        "feedback": _feedback_view(exported.get("feedback")),
    }


FEEDBACK_LABELS = {
    "ja": "Ja, het hielp",
    "een_beetje": "Een beetje",
    "nee": "Nee",
    "overgeslagen": "Niet beantwoord",
}


def _feedback_view(feedback: dict[str, Any] | None) -> dict[str, str] | None:
    if feedback is None:
        return None
    return {
        "answer": FEEDBACK_LABELS.get(feedback["answer"], feedback["answer"]),
        "comment": feedback["comment"] or "",
        "when": _when(feedback["at"]),
    }


def _not_found(request: Request) -> Response:
    return render(
        request,
        "message.html",
        status=404,
        title="Niet gevonden",
        text="Dit gesprek bestaat niet.",
        account=request.state.account,
    )


async def inzage_page(request: Request) -> Response:
    conversation_id = request.path_params["conversation_id"]
    try:
        exported = await casework("inbox").export(conversation_id, request.state.account.username)
    except NotFound:
        return _not_found(request)
    return render(
        request, "inzage.html", account=request.state.account, conversation=inzage_view(exported)
    )


async def inzage_json(request: Request) -> Response:
    conversation_id = request.path_params["conversation_id"]
    try:
        exported = await casework("inbox").export(conversation_id, request.state.account.username)
    except NotFound:
        return JSONResponse({"error": "not_found", "message": "Dit gesprek bestaat niet."}, 404)
    filename = download_name("inzage", conversation_id, "json")
    return JSONResponse(
        exported, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _admin_only(request: Request) -> Response | None:
    if request.state.account.admin:
        return None
    return render(
        request,
        "message.html",
        status=403,
        title="Geen toegang",
        text="Alleen een beheerder kan het logboek zien.",
        account=request.state.account,
    )


async def audit_page(request: Request) -> Response:
    refused = _admin_only(request)
    if refused is not None:
        return refused
    rows = await casework("inbox").audit_trail(limit=AUDIT_PAGE_ROWS)
    for row in rows:
        row["label"] = AUDIT_LABELS.get(row["action"], row["action"])
        row["when"] = _when(row["at"])
    return render(
        request, "audit.html", account=request.state.account, rows=rows, limit=AUDIT_PAGE_ROWS
    )


CSV_COLUMNS = ("at", "actor", "action", "via", "conversation_id", "handover_id")


async def audit_csv(request: Request) -> Response:
    refused = _admin_only(request)
    if refused is not None:
        return refused
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in await casework("inbox").audit_trail():
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="logboek.csv"'},
    )


routes = [
    Route(
        f"{BASE}/gesprekken/{{conversation_id}}/inzage",
        requires_login(inzage_page),
        methods=["GET"],
    ),
    Route(
        f"{BASE}/gesprekken/{{conversation_id}}/inzage.json",
        requires_login(inzage_json),
        methods=["GET"],
    ),
    Route(f"{BASE}/logboek", requires_login(audit_page), methods=["GET"]),
    Route(f"{BASE}/logboek.csv", requires_login(audit_csv), methods=["GET"]),
]
