"""``GET /hoe-werkt-het``: the public page "Hoe werkt deze assistent?".

No login: the young person, a parent or anyone at school can read it, from the widget's
header and the privacy texts. The words come from :mod:`bot.transparency` and are built from
the running settings (retention, roles) and the knowledge (questions, rules) on every
request, so the page is always true for this installation.
"""

from __future__ import annotations

import asyncio

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.transparency.blocks import body_html
from bot.transparency.documents import PAGE_PATH, page_document
from bot.transparency.facts import gather


async def how_it_works(request: Request) -> Response:
    from bot.web.staff.templating import templates

    facts = await asyncio.to_thread(gather, with_audit=False)
    document = page_document(facts)
    return templates.TemplateResponse(
        request,
        "hoe_werkt_het.html",
        # body_html escapes every string it writes.
        {"title": document.title, "body": Markup(body_html(document))},
    )


routes = [Route(PAGE_PATH, how_it_works, methods=["GET"])]
