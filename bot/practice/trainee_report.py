"""The practice report a trainee can keep: the score per rubric point and its turns.

Stored as an answer row (``oefenverslag``) of the practice conversation, so it leaves the
store with the conversation when the practice retention runs (bot.practice.cleanup). The
page and the PDF are the same HTML; the PDF goes through WeasyPrint like the project's
other documents, tagged (PDF/UA-1).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.practice.cases import Case
from bot.practice.rubric import Point, summary
from bot.privacy import mask

REPORT_QUESTION = "oefenverslag"
TEMPLATES = Path(__file__).parent / "templates"


def build_report(case: Case, texts: Sequence[str], points: Sequence[Point]) -> dict[str, Any]:
    """The report as JSON-able data; the trainee's messages are masked like other stored text."""
    good, total = summary(points)
    names = [case.naam] + ([case.role.parent] if case.role and case.role.parent else [])
    return {
        "token": secrets.token_urlsafe(16),
        "casus": case.title,
        "vooraf": case.role.known if case.role else case.situatie,
        "score": {"goed": good, "alle": total},
        "punten": [
            {"key": p.key, "oordeel": p.verdict, "beurten": list(p.turns), "tekst": p.text}
            for p in points
        ],
        "beurten": [mask(text, names) for text in texts],
    }


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def report_html(report: dict[str, Any], *, pdf_url: str = "") -> str:
    """The report page (also the source of the PDF)."""
    return _environment().get_template("oefenverslag.html").render(r=report, pdf_url=pdf_url)


def report_pdf(report: dict[str, Any]) -> bytes:
    """The report as a tagged PDF."""
    from weasyprint import HTML

    result: bytes = HTML(string=report_html(report)).write_pdf(pdf_variant="pdf/ua-1")
    return result
