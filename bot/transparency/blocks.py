"""A document as a few kinds of blocks, written out as Markdown and as HTML.

One structure, two outputs: the Markdown is for the school's repository or intranet, the
HTML for the public page and (through WeasyPrint) the PDF. No Markdown library is needed
and no text is ever read back as markup: every string is escaped for HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Para | Bullets | Table


@dataclass
class Document:
    """A titled list of blocks; ``add`` returns the document so building reads top-down."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def heading(self, text: str, level: int = 2) -> Document:
        return self.add(Heading(text, level))

    def para(self, text: str) -> Document:
        return self.add(Para(text))

    def bullets(self, items: Sequence[str]) -> Document:
        return self.add(Bullets(tuple(items)))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Document:
        return self.add(Table(tuple(header), tuple(tuple(r) for r in rows)))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(document: Document) -> str:
    lines = [f"# {document.title}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * block.level} {block.text}", ""]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        else:
            lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def body_html(document: Document) -> str:
    """The blocks as HTML (headings start at h2: the page has its own h1)."""
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Para):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Bullets):
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        else:
            head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(parts)


def to_html(document: Document, stylesheet: str = "") -> str:
    """A whole page (for the PDF): Dutch, with a title."""
    style = f"<style>{stylesheet}</style>" if stylesheet else ""
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(document.title)}</title>{style}</head>"
        f"<body><h1>{escape(document.title)}</h1>\n{body_html(document)}</body></html>"
    )
