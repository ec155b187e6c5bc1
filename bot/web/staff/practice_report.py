"""The practice report page and PDF: ``/oefenen/verslag/{conversation}/{token}[.pdf]``.

The link is given to the trainee at the end of a rehearsal. The token (random, stored in
the report) is the key, so a conversation id alone opens nothing. Only practice
conversations have a report, and it disappears with them after the practice retention.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.practice.trainee_report import REPORT_QUESTION, report_html, report_pdf
from bot.store.refusals import NotFound
from bot.store.repository import repository_scope

BASE = "/oefenen/verslag"
_GONE = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Niet gevonden</title>'
    "</head><body><main><h1>Niet gevonden</h1><p>Dit oefenverslag bestaat niet (meer). "
    "Oefenverslagen worden na een tijd gewist.</p></main></body></html>"
)


def stored_report(conversation_id: str, token: str) -> dict[str, Any] | None:
    """The report when the token matches a practice conversation's report."""
    with repository_scope() as repository:
        try:
            conversation = repository.get_conversation(conversation_id)
        except NotFound:
            return None
        if not conversation.practice:
            return None
        report = repository.answers(conversation_id).get(REPORT_QUESTION)
    if not isinstance(report, dict) or not secrets.compare_digest(
        str(report.get("token", "")), token
    ):
        return None
    return report


async def report_page(request: Request) -> Response:
    conversation_id = request.path_params["conversation_id"]
    token = request.path_params["token"]
    as_pdf = token.endswith(".pdf")
    token = token.removesuffix(".pdf")
    report = await asyncio.to_thread(stored_report, conversation_id, token)
    if report is None:
        return HTMLResponse(_GONE, status_code=404)
    if as_pdf:
        body = await asyncio.to_thread(report_pdf, report)
        return Response(
            body,
            media_type="application/pdf",
            headers={"Content-Disposition": 'inline; filename="oefenverslag.pdf"'},
        )
    return HTMLResponse(report_html(report, pdf_url=f"{request.url.path}.pdf"))


routes = [Route(f"{BASE}/{{conversation_id}}/{{token}}", report_page, methods=["GET"])]
