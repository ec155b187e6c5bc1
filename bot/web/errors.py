"""Every refusal of the service answered in one place, the same words on every surface.

A :class:`~bot.store.refusals.Refusal` carries its status, code and text; the app registers
:func:`refusal_handler` once as Starlette's handler for it. The API and the chat answer in
JSON (``{"error": code, "message": text}``); a staff page (``/medewerker``) shows the text
on the page it came from, through the renderer that part of the site gives.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.knowledge.staff_texts import staff_text
from bot.store.refusals import NotFound, Refusal, WordedRefusal

PageRenderer = Callable[[Request, Refusal], Awaitable[Response]]
ExceptionHandler = Callable[[Request, Exception], Awaitable[Response]]


def error(status: int, code: str, message: str) -> JSONResponse:
    """The shape of every JSON refusal."""
    return JSONResponse({"error": code, "message": message}, status_code=status)


def refusal_text(request: Request, problem: Refusal) -> str:
    """The refusal's words; a missing conversation is named as such, not as a hand-over."""
    if isinstance(problem, NotFound) and "conversation_id" in request.path_params:
        return staff_text("weigeringen.gesprek_niet_gevonden")
    return problem.text()


def refusal_json(request: Request, problem: Refusal) -> JSONResponse:
    return error(problem.http_status(), problem.error_code(), refusal_text(request, problem))


def refusal_handler(pages: Mapping[str, PageRenderer]) -> ExceptionHandler:
    """Starlette's handler for :class:`Refusal`: a page under a prefix in ``pages``, else JSON."""

    async def handle(request: Request, problem: Exception) -> Response:
        if not isinstance(problem, Refusal):  # pragma: no cover - registered for Refusal only
            raise problem
        for prefix, page in pages.items():
            if request.url.path.startswith(prefix):
                return await page(request, problem)
        return refusal_json(request, problem)

    return handle


class FormError(WordedRefusal):
    """A form the professional must fill in again; answered with 422 and this text."""

    def __init__(self, message: str) -> None:
        super().__init__("invalid_form", message)
