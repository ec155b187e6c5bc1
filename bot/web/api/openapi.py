"""The OpenAPI 3 document of the JSON API and the chat API, served at ``/api/openapi.json``.

Written by hand, once, next to the routes it describes; ``tests/security/test_security_openapi.py``
compares it with the app's routes and checks that the fuzzed answers have documented statuses
and match the documented error shape, so it cannot silently drift.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.knowledge import load_knowledge
from bot.knowledge.decisions import LEVELS

ERROR = {"$ref": "#/components/schemas/Error"}


def _answers(*statuses: int, ok: dict[str, Any] | None = None, ok_status: int = 200) -> Any:
    texts = {
        401: "geen geldig token",
        403: "niet toegestaan",
        404: "bestaat niet",
        405: "methode niet toegestaan (ook: een id met / of . leidt naar een ander adres)",
        409: "conflict met de toestand",
        413: "te groot",
        415: "geen JSON",
        422: "niet te lezen",
        429: "te veel verzoeken",
        500: "fout van de dienst",
        502: "de assistent is niet bereikbaar",
    }
    answers: dict[str, Any] = {
        str(ok_status): {
            "description": "gelukt",
            **({"content": {"application/json": {"schema": ok}}} if ok else {}),
        }
    }
    # Any path answers 405 to a method it does not take; an id holding "/" or "." is
    # routed by its decoded path, so it can reach an address with other methods.
    for status in (*statuses, 405, 500):
        answers[str(status)] = {
            "description": texts[status],
            "content": {"application/json": {"schema": ERROR}},
        }
    return answers


def _body(
    properties: dict[str, Any], required: list[str] | None = None, example: Any = None
) -> Any:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"required": True, "content": {"application/json": media}}


HANDOVER_ID = {
    "name": "handover_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**53 - 1},
    "example": 1,
}
CONVERSATION_ID = {
    "name": "conversation_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 128},
    "example": "web-VoorbeeldGesprek123456",
}
TEXT = {"type": "string", "maxLength": 2000}
PROFESSIONAL = {"type": "string", "description": "mag alleen het account van het token zijn"}
OBJECT = {"type": "object"}
BODY_ERRORS = (401, 403, 404, 409, 413, 415, 422)


def _decision_schema() -> dict[str, Any]:
    """The decision per decision point: at ``leerroute`` a route key, optionally with a level."""
    routes = ", ".join(f"`{key}`" for key in load_knowledge().routes)
    levels = ", ".join(f"`{key}` ({title})" for key, title in LEVELS.items())
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "description": (
            "Wat de medewerker besluit; wat mag, hangt af van het beslispunt van de overdracht "
            "(`decision_point`).\n\n"
            f"- `leerroute`: een leerroute ({routes}), eventueel met een niveau erachter na een "
            f"dubbele punt: {levels}. Bijvoorbeeld `mbo_diploma:niveau_2` of "
            "`mbo_diploma:entree`. Een andere waarde geeft 422 `invalid_decision`.\n"
            "- `ondersteuning`, `vervolg`, `pre_intake`, `op_verzoek`, `niet_begrepen`: vrije "
            "tekst in gewone woorden (de jongere leest die in de chat), bijvoorbeeld "
            "`Werk met een jobcoach via UWV`."
        ),
        "example": "mbo_diploma:niveau_2",
    }


DECISION = _decision_schema()


def _handover_action(summary: str, body: Any, ok: Any, ok_status: int = 200) -> Any:
    return {
        "post": {
            "summary": summary,
            "security": [{"bearer": []}],
            "parameters": [HANDOVER_ID],
            "requestBody": body,
            "responses": _answers(*BODY_ERRORS, 502, ok=ok, ok_status=ok_status),
        }
    }


DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {
        "title": "Inclusief advies: JSON API en chat",
        "version": "1",
        "description": "Overdrachten voor professionals (Bearer-token) en de chat van de widget.",
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    },
    "paths": {
        "/api/handovers": {
            "get": {
                "summary": "Overdrachten, nieuwste eerst",
                "security": [{"bearer": []}],
                "parameters": [
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {
                            "type": "string",
                            "enum": ["open", "in_behandeling", "afgerond"],
                        },
                    }
                ],
                "responses": _answers(401, 422, ok={"type": "object", "required": ["handovers"]}),
            }
        },
        "/api/handovers/{handover_id}/take": _handover_action(
            "Overdracht oppakken",
            _body(
                {
                    "professional": PROFESSIONAL,
                    # How the chat names the person who now writes (empty: "een medewerker").
                    "shown_name": {"type": "string", "maxLength": 40},
                }
            ),
            {"type": "object", "required": ["handover"]},
        ),
        "/api/handovers/{handover_id}/release": _handover_action(
            "Overdracht teruggeven",
            _body({"professional": PROFESSIONAL}),
            {"type": "object", "required": ["handover"]},
        ),
        "/api/handovers/{handover_id}/reassign": _handover_action(
            "Overdracht doorgeven aan een collega",
            _body(
                {"colleague": {"type": "string", "maxLength": 64}, "professional": PROFESSIONAL},
                ["colleague"],
            ),
            {"type": "object", "required": ["handover"]},
        ),
        "/api/handovers/{handover_id}/reply": _handover_action(
            "Bericht aan de jongere",
            _body({"text": TEXT, "professional": PROFESSIONAL}, ["text"]),
            {"type": "object", "required": ["message"]},
            ok_status=201,
        ),
        "/api/handovers/{handover_id}/decision": _handover_action(
            "Besluit vastleggen",
            _body(
                {
                    "decision": DECISION,
                    "note": TEXT,
                    # only with a leerroute decision without a level in it: 1 = entree
                    "level": {"type": "integer", "nullable": True, "minimum": 1, "maximum": 4},
                    # the note is meant for the young person: the assistant shows it
                    "note_for_young_person": {"type": "boolean"},
                    "professional": PROFESSIONAL,
                },
                ["decision"],
                example={"decision": "mbo_diploma:niveau_2", "note": "Start in september"},
            ),
            {"type": "object", "required": ["handover", "messages"]},
        ),
        "/api/handovers/{handover_id}/answers": _handover_action(
            "Antwoord corrigeren of wissen (wie en wanneer staat in het auditlog)",
            _body(
                {
                    "question": {"type": "string", "maxLength": 64},
                    "value": {
                        "description": "nieuwe waarde: sleutel of label, getal of lijst; null wist",
                        "nullable": True,
                        "anyOf": [
                            {"type": "string", "maxLength": 500},
                            {"type": "integer"},
                            {
                                "type": "array",
                                "maxItems": 20,
                                "items": {"type": "string", "maxLength": 64},
                            },
                        ],
                    },
                    "professional": PROFESSIONAL,
                },
                ["question", "value"],
                example={"question": "begeleiding_nodig", "value": "ja"},
            ),
            {"type": "object", "required": ["handover", "record", "notes"]},
        ),
        "/api/conversations/{conversation_id}": {
            "get": {
                "summary": "Gesprek met antwoorden en transcript",
                "security": [{"bearer": []}],
                "parameters": [CONVERSATION_ID],
                "responses": _answers(401, 404, ok=OBJECT),
            },
            "delete": {
                "summary": "Gesprek wissen (ook live-geschiedenis en open streams)",
                "security": [{"bearer": []}],
                "parameters": [CONVERSATION_ID],
                "responses": _answers(401, 404, ok_status=204),
            },
        },
        "/api/conversations/{conversation_id}/export": {
            "get": {
                "summary": "Inzage: alles wat over het gesprek is vastgelegd (JSON)",
                "security": [{"bearer": []}],
                "parameters": [CONVERSATION_ID],
                "responses": _answers(401, 404, ok=OBJECT),
            },
        },
        "/chat/api/message": {
            "post": {
                "summary": "Bericht van de widget naar de assistent",
                "requestBody": _body(
                    {
                        "conversation_id": {"type": "string", "pattern": "^web-[A-Za-z0-9_-]{22}$"},
                        "token": {"type": "string"},
                        "text": {"type": "string", "maxLength": 1000},
                        "payload": {"type": "string"},
                    },
                    example={"text": "Hoi, ik wil advies over een opleiding."},
                ),
                "responses": _answers(
                    403,
                    409,
                    413,
                    415,
                    422,
                    429,
                    502,
                    ok={
                        "type": "object",
                        "required": ["conversation_id", "token", "messages", "handover"],
                    },
                ),
            }
        },
        "/chat/api/stream": {
            "get": {
                "summary": "Live gebeurtenissen (server-sent events)",
                "parameters": [
                    {
                        "name": "conversation_id",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "token",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "after", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    **_answers(403, 422, 429),
                    "200": {
                        "description": "live gebeurtenissen",
                        "content": {"text/event-stream": {"schema": {"type": "string"}}},
                    },
                },
            }
        },
    },
}


async def openapi(request: Request) -> Response:
    return JSONResponse(DOCUMENT)
