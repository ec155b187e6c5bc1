"""``python -m bot.transparency [--out var/transparency]``: write the school's documents.

Markdown and PDF (WeasyPrint, the route of the overdrachtsdocument) of: the data inventory,
the AI Act memo, the Algoritmeregister entry, the DPIA input, and the public page "Hoe werkt
deze assistent?". The database is migrated first, as by every other command, so the audit
figures can be read on a fresh clone too.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from bot.transparency.blocks import Document, to_html, to_markdown
from bot.transparency.documents import (
    dpia_document,
    memo_document,
    page_document,
    register_document,
)
from bot.transparency.facts import ROOT, Facts, gather
from bot.transparency.inventory import inventory_document

DEFAULT_OUT = ROOT / "var" / "transparency"
DOCUMENTS: dict[str, Callable[[Facts], Document]] = {
    "gegevensinventaris": inventory_document,
    "ai-verordening-memo": memo_document,
    "algoritmeregister": register_document,
    "dpia-input": dpia_document,
    "hoe-werkt-deze-assistent": page_document,
}
PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4; }
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #888; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eee; }
"""


def pdf_bytes(document: Document) -> bytes:
    from weasyprint import HTML

    result: bytes = HTML(string=to_html(document, PDF_CSS)).write_pdf(pdf_variant="pdf/ua-1")
    return result


def write_all(out: Path, facts: Facts, *, pdf: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, build in DOCUMENTS.items():
        document = build(facts)
        markdown = out / f"{name}.md"
        markdown.write_text(to_markdown(document), encoding="utf-8")
        written.append(markdown)
        if pdf:
            target = out / f"{name}.pdf"
            target.write_bytes(pdf_bytes(document))
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.transparency", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write to")
    parser.add_argument("--no-pdf", action="store_true", help="only Markdown")
    args = parser.parse_args(argv)

    from bot.store.migrate import upgrade

    upgrade()
    for path in write_all(args.out, gather(), pdf=not args.no_pdf):
        print(f"[transparency] {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
