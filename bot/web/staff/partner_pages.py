"""Samen's pages: inviting partners, the partners' own view, the overdrachtsdocument, the directory.

- The case owner invites a partner and writes the school's advice on the hand-over page
  (:mod:`bot.web.staff.inbox` shows the section; the forms post here).
- ``/medewerker/partner/``: a partner account (role ``partner``) sees only the cases its
  organisation is invited to and the young person said yes to; any other case is 403.
- ``/medewerker/documenten/<id>`` and ``/medewerker/partner/documenten/<id>``: the
  overdrachtsdocument as print-ready HTML, and ``…/pdf`` as tagged PDF (WeasyPrint,
  ``pdf/ua-1``). The receiving partner gets it only once the young person approved it.
- ``/medewerker/partners``: the regional directory, for a beheerder.

Rules and the audit trail are the service's (:mod:`bot.partners.service`); this module reads
forms and maps the service's errors to pages.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.handover.casework import Casework
from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.directory import check_directory, clear_directory_cache, load_directory
from bot.partners.service import (
    MAX_CONTRIBUTION,
    Forbidden,
    NotApproved,
    ParentConsentNeeded,
    UnknownOrganisation,
)
from bot.web.chat.partner_relay import samen
from bot.web.chat.relay import STATIC_DIR
from bot.web.errors import FormError
from bot.web.http.guard import bounded_id
from bot.web.staff.auth import BASE, csrf_ok, forbidden, read_form, render, requires_login
from bot.web.staff.case_actions import casework
from bot.web.staff.inbox import handover_action
from bot.web.staff.templating import environment
from bot.web.state.pubsub import live_hub

PARTNER = ("partner",)
OWNERS = ("medewerker", "beheerder")
PARENT_FIRST = (
    "De jongere is jonger dan 16. Vraag eerst of een ouder of verzorger akkoord is."
    " Vink dat dan aan."
)
NO_ACCESS = (
    "Je organisatie is niet (meer) uitgenodigd voor deze zaak, of de jongere gaf geen toestemming."
)


def _id(request: Request, name: str) -> int:
    return bounded_id(request.path_params[name]) or -1


async def _taken(handover_id: int, professional: str) -> dict[str, Any]:
    service: Casework = casework("inbox")
    result: dict[str, Any] = await service.check_taken(handover_id, professional)
    return result


# -- the case owner ------------------------------------------------------------------------


@handover_action
async def invite(request: Request, form: dict[str, str], professional: str) -> str:
    handover_id = _id(request, "handover_id")
    await _taken(handover_id, professional)
    try:
        await samen().invite(
            handover_id,
            professional,
            form.get("organisatie", "")[:64],
            parent_confirmed=form.get("ouder_akkoord") == "ja",
        )
    except ParentConsentNeeded:
        raise FormError(PARENT_FIRST) from None
    except UnknownOrganisation:
        raise FormError("Kies een organisatie uit de lijst.") from None
    return "uitgenodigd"


@handover_action
async def owner_contribution(request: Request, form: dict[str, str], professional: str) -> str:
    handover_id = _id(request, "handover_id")
    await _taken(handover_id, professional)
    try:
        await samen().owner_contribute(handover_id, professional, form.get("advies", ""), "", "")
    except ValueError:
        raise FormError(f"Schrijf je advies op, hooguit {MAX_CONTRIBUTION} tekens.") from None
    return "bijgedragen"


# -- partner accounts ----------------------------------------------------------------------


def no_access(request: Request, text: str | None = None) -> Response:
    return render(
        request,
        "message.html",
        status=403,
        title="Geen toegang",
        text=text or NO_ACCESS,
        account=request.state.account,
    )


async def partner_home(request: Request) -> Response:
    account = request.state.account
    cases = await samen().partner_cases(account.username)
    organisation = load_directory().of_account(account.username)
    return render(
        request, "partner_list.html", account=account, cases=cases, organisation=organisation
    )


async def _partner_case(request: Request, status: int = 200, error: str | None = None) -> Response:
    account = request.state.account
    try:
        case = await samen("partner").partner_case(account.username, _id(request, "invitation_id"))
    except Forbidden:
        return no_access(request)
    return render(
        request,
        "partner_case.html",
        status=status,
        account=account,
        case=case,
        error=error,
        notice="Je bijdrage is opgeslagen." if request.query_params.get("melding") else None,
    )


async def partner_case(request: Request) -> Response:
    return await _partner_case(request)


async def partner_contribution(request: Request) -> Response:
    form = await read_form(request)
    if form is None or not csrf_ok(request, form):
        return forbidden(request)
    invitation_id = _id(request, "invitation_id")
    try:
        conversation_id = await samen("partner").contribute(
            request.state.account.username,
            invitation_id,
            form.get("advies", ""),
            form.get("aanbod", ""),
            form.get("nodig", ""),
        )
    except Forbidden:
        return no_access(request)
    except ValueError:
        error = f"Schrijf je advies op. Elk veld is hooguit {MAX_CONTRIBUTION} tekens."
        return await _partner_case(request, status=422, error=error)
    # An open case page shows the contribution without a reload (inbox.js fetches the section).
    live_hub().publish(conversation_id, {"type": "bijdrage"})
    return RedirectResponse(
        f"{BASE}/partner/zaken/{invitation_id}?melding=bijgedragen", status_code=303
    )


# -- the overdrachtsdocument ---------------------------------------------------------------


def document_html(
    document: dict[str, Any], *, for_pdf: bool, back: str = "", pdf_url: str = ""
) -> str:
    """The print-ready page; the same HTML becomes the PDF."""
    return environment.get_template("overdracht.html").render(
        document=document, for_pdf=for_pdf, back=back, pdf_url=pdf_url
    )


def document_pdf(document: dict[str, Any]) -> bytes:
    """Tagged PDF (PDF/UA-1) of the document page, with its own print stylesheet."""
    from weasyprint import CSS, HTML

    html = HTML(string=document_html(document, for_pdf=True))
    result: bytes = html.write_pdf(
        stylesheets=[CSS(filename=str(STATIC_DIR / "overdracht.css"))],
        pdf_variant="pdf/ua-1",
    )
    return result


def _document_page(owner: bool, pdf: bool) -> Any:
    async def page(request: Request) -> Response:
        account = request.state.account
        try:
            document = await samen("partner" if not owner else "inbox").document_for(
                account.username, _id(request, "document_id"), owner=owner
            )
        except NotApproved:
            return no_access(
                request,
                "De jongere heeft dit document nog niet goedgekeurd. Je kunt het nog niet openen.",
            )
        except Forbidden:
            return no_access(request)
        if pdf:
            body = await asyncio.to_thread(document_pdf, document)
            return Response(
                body,
                media_type="application/pdf",
                headers={
                    "Content-Disposition": f'inline; filename="overdracht-{document["id"]}.pdf"'
                },
            )
        back = f"{BASE}/partner/" if not owner else f"{BASE}/"
        page_html = document_html(
            document, for_pdf=False, back=back, pdf_url=f"{request.url.path}/pdf"
        )
        return Response(page_html, media_type="text/html")

    return page


# -- the directory -------------------------------------------------------------------------


async def directory_page(request: Request, status: int = 200, **context: Any) -> Response:
    """The directory as loaded; after an edit of the file a beheerder reloads it here."""
    organisations = list(load_directory().organisations.values())
    return render(
        request,
        "partner_directory.html",
        status=status,
        account=request.state.account,
        organisations=organisations,
        **context,
    )


async def directory_reload(request: Request) -> Response:
    form = await read_form(request)
    if form is None or not csrf_ok(request, form):
        return forbidden(request)
    try:
        check_directory()
    except KnowledgeError as problem:  # the loaded list stays in use
        return await directory_page(request, status=422, error=str(problem))
    clear_directory_cache()
    return await directory_page(request, notice="De lijst is opnieuw geladen.")


routes = [
    Route(f"{BASE}/overdrachten/{{handover_id}}/partner", requires_login(invite), methods=["POST"]),
    Route(
        f"{BASE}/overdrachten/{{handover_id}}/bijdrage",
        requires_login(owner_contribution),
        methods=["POST"],
    ),
    Route(f"{BASE}/partner/", requires_login(partner_home, PARTNER), methods=["GET"]),
    Route(
        f"{BASE}/partner/zaken/{{invitation_id}}",
        requires_login(partner_case, PARTNER),
        methods=["GET"],
    ),
    Route(
        f"{BASE}/partner/zaken/{{invitation_id}}/bijdrage",
        requires_login(partner_contribution, PARTNER),
        methods=["POST"],
    ),
    Route(
        f"{BASE}/partner/documenten/{{document_id}}",
        requires_login(_document_page(owner=False, pdf=False), PARTNER),
        methods=["GET"],
    ),
    Route(
        f"{BASE}/partner/documenten/{{document_id}}/pdf",
        requires_login(_document_page(owner=False, pdf=True), PARTNER),
        methods=["GET"],
    ),
    Route(
        f"{BASE}/documenten/{{document_id}}",
        requires_login(_document_page(owner=True, pdf=False), OWNERS),
        methods=["GET"],
    ),
    Route(
        f"{BASE}/documenten/{{document_id}}/pdf",
        requires_login(_document_page(owner=True, pdf=True), OWNERS),
        methods=["GET"],
    ),
    Route(f"{BASE}/partners", requires_login(directory_page, ("beheerder",)), methods=["GET"]),
    Route(
        f"{BASE}/partners/herladen",
        requires_login(directory_reload, ("beheerder",)),
        methods=["POST"],
    ),
]
