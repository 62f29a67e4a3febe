"""The one place documents are typeset: a list of blocks to an A4 PDF, with Typst.

Typst (its Python package, a compiled engine in the wheel) was chosen over WeasyPrint and matplotlib
pages: it typesets the sample's 42 patrol orders in 0.35 s (``bench/briefing.py``), embeds (a subset
of) every font it uses, wraps table columns and needs no system library; WeasyPrint needs Debian's
Pango, and matplotlib lays out no tables. Its own Libertinus Serif covers every Vietnamese
letter, so a PDF looks the same on any machine.

A document is data (:class:`Document`), never markup: the template
(``templates/document.typ``) reads the blocks as JSON, so a name holding ``#``, ``*`` or
``<script>`` is printed as written. Pictures are SVG texts passed beside the JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import typst

from patrol_map.errors import OutputError

#: The template, shipped in the package.
TEMPLATE = files("patrol_map.report") / "templates" / "document.typ"

Block = dict[str, Any]


@dataclass
class Document:
    """A document to typeset: its title, author, language, footer line and blocks, and its pictures."""

    title: str
    author: str
    lang: str
    footer: str
    blocks: list[Block] = field(default_factory=list)
    pictures: dict[str, bytes] = field(default_factory=dict)

    def add(self, kind: str, **values: Any) -> None:
        """Append a block (``title``, ``heading``, ``text``, ``note``, ``pagebreak``...)."""
        self.blocks.append({"kind": kind, **values})

    def picture(self, svg: bytes, width_percent: float = 100.0) -> Block:
        """Keep an SVG picture and return its block (to :meth:`add` or to put in ``columns``)."""
        name = f"picture{len(self.pictures)}"
        self.pictures[name] = svg
        return {"kind": "picture", "name": name, "width": width_percent}


def table_block(
    header: list[str],
    rows: list[list[object]],
    widths: list[float] | None = None,
    numeric: list[bool] | None = None,
    size_pt: float = 10.0,
) -> Block:
    """Return a table block: header cells, rows of cells (shown as text), relative column widths.

    ``numeric`` marks the columns aligned right; by default those whose cells are all numbers.
    ``size_pt`` is the size of its text (smaller to fit a week's plan on one page).
    """
    if numeric is None:
        numeric = [
            all(isinstance(row[k], int | float) for row in rows) and bool(rows) for k in range(len(header))
        ]
    return {
        "kind": "table",
        "header": [str(cell) for cell in header],
        "rows": [["" if cell is None else str(cell) for cell in row] for row in rows],
        "widths": widths or [1.0] * len(header),
        "numeric": numeric,
        "size": size_pt,
    }


def typeset(document: Document) -> bytes:
    """Typeset ``document`` into PDF bytes.

    Raises
    ------
    OutputError
        When Typst refuses the document (a bug of patrol-map: the data is never markup).

    """
    inputs = {"data": json.dumps({**_head(document), "blocks": document.blocks}, ensure_ascii=False)}
    inputs |= {name: svg.decode("utf-8") for name, svg in document.pictures.items()}
    try:
        # Untagged: Debian 12 poppler (pdftoppm, pdftotext) calls a tagged PDF's /Suspects a syntax error.
        return typst.compile(
            TEMPLATE.read_bytes(), sys_inputs=inputs, ignore_system_fonts=True, pdf_tags=False
        )
    except (RuntimeError, typst.TypstError) as exc:  # typst raises its own error for a bad document
        raise OutputError(
            f"Không dàn trang được tài liệu '{document.title}': {exc}",
            f"The document '{document.title}' could not be typeset: {exc}",
        ) from exc


def _head(document: Document) -> dict[str, str]:
    return {
        "title": document.title,
        "author": document.author,
        "lang": document.lang,
        "footer": document.footer,
    }
