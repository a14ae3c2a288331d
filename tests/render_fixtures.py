"""Shared by the render and preview tests: the seed cases and helpers to read a .docx."""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.oxml.ns import qn

from generator.assemble import build_notice
from generator.model import Notice
from generator.render import render_notice

#: (node, year) of every seed notice with a profile, plus a year with no edition yet
SEED_CASES = [("xinbei", 2024), ("xinbei", 2017), ("jintan", 2020), ("nanchang", 2023), ("zibo", 2024)]
ALL_CASES = SEED_CASES + [("xinbei", 2027)]


@cache
def notice_for(ref: str, year: int) -> Notice:
    return build_notice(ref, year)


@cache
def docx_bytes(ref: str, year: int) -> bytes:
    return render_notice(build_notice(ref, year))


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def style_id(paragraph) -> str:
    return paragraph._p.xpath("string(./w:pPr/w:pStyle/@w:val)")


def paragraphs_with(doc, sid: str) -> list:
    return [p for p in doc.paragraphs if style_id(p) == sid]


def east_asia(rpr) -> str:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else ""
