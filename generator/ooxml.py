"""The OOXML/package layer: WordprocessingML by hand and byte-identical zip packages.

The only module that writes XML as text (runs, paragraphs, fields, borders, frames,
indents) and the only zip normaliser (.docx and .xlsx alike). Text always passes through
``escape`` here, so a profile value with ``&``, ``<``, ``>`` or ``{{ }}`` lands in the
document literally. Objects expose ``__html__`` so docxtpl's autoescaping inserts them
as markup.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from docx.document import Document
from docx.oxml.ns import qn

from .model import PLACEHOLDER_RE, is_verify

#: Word's highlight per kind of mark (notice-kit's convention, not GB/T 9704): a fact nobody
#: gave (【待填】), a fact known for another year (【待核实】), a date a rule computed (推算)
HIGHLIGHT = {"待填": "yellow", "待核实": "cyan", "推算": "green"}

#: the printed forms of the computed dates of the notice being drawn (``highlighting``)
_COMPUTED: ContextVar[re.Pattern | None] = ContextVar("computed_dates", default=None)


@contextmanager
def highlighting(computed: tuple[str, ...]) -> Iterator[None]:
    """While a notice is drawn, ``text_runs`` also highlights these texts (its 推算 dates)."""
    pattern = re.compile("|".join(re.escape(t) for t in computed)) if computed else None
    token = _COMPUTED.set(pattern)
    try:
        yield
    finally:
        _COMPUTED.reset(token)


def marks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every placeholder token and computed date in ``text``, in order."""
    found = [(m.start(), m.end(), "待核实" if is_verify(m.group(0)) else "待填")
             for m in PLACEHOLDER_RE.finditer(text)]
    pattern = _COMPUTED.get()
    if pattern is not None:
        taken = [(a, b) for a, b, _ in found]
        found += [(m.start(), m.end(), "推算") for m in pattern.finditer(text)
                  if not any(a < m.end() and m.start() < b for a, b in taken)]
    return sorted(found)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as xml.sax.saxutils.escape does: importing that
    module pulls in urllib.request, http.client and ssl (~15 ms of every draft)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def rfonts(font: str) -> str:
    """One font for every script: the official name lands in w:eastAsia and beside it."""
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def run(text: str, font: str = "", *, style: str = "", size_pt: float = 0, color: str = "",
        highlight: str = "", bold: bool = False) -> str:
    """One <w:r>; properties in schema order (rStyle, rFonts, b, color, sz, szCs, highlight)."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if font:
        props += rfonts(font)
    if bold:
        props += "<w:b/>"
    if color:
        props += f'<w:color w:val="{color}"/>'
    if size_pt:
        half = round(size_pt * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    if highlight:
        props += f'<w:highlight w:val="{highlight}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def text_runs(text: str, font: str = "", **props) -> str:
    """Runs for ``text``; every placeholder token (and computed date) becomes its own
    highlighted run, in its kind's colour (``HIGHLIGHT``)."""
    out, pos = [], 0
    for start, end, kind in marks(text):
        if start > pos:
            out.append(run(text[pos:start], font, **props))
        out.append(run(text[start:end], font, highlight=HIGHLIGHT[kind], **props))
        pos = end
    if pos < len(text) or not out:
        out.append(run(text[pos:], font, **props))
    return "".join(out)


def line_break() -> str:
    return "<w:r><w:br/></w:r>"


def field_runs(instr: str, shown: str, font: str = "") -> str:
    """A complex field (PAGE, …): begin, instruction, separate, cached result, end."""
    rpr = f"<w:rPr>{rfonts(font)}</w:rPr>" if font else ""
    return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>{escape(shown)}</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')


def border(side: str, eighths: int, color: str = "000000", space: int = 1) -> str:
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{color}"/>'


@dataclass
class Markup:
    """Ready-made XML that docxtpl must insert as is (autoescape leaves __html__ alone)."""

    xml: str = ""

    def __html__(self) -> str:
        return self.xml

    def __str__(self) -> str:
        return self.xml


@dataclass
class Para(Markup):
    """One <w:p> with a named style; ``ppr`` adds direct paragraph properties (schema order)."""

    style: str = ""
    runs: list[str] = field(default_factory=list)
    ppr: str = ""

    def __html__(self) -> str:
        head = f'<w:pStyle w:val="{self.style}"/>' if self.style else ""
        return f"<w:p><w:pPr>{head}{self.ppr}</w:pPr>{''.join(self.runs)}</w:p>"

    __str__ = __html__


def frame_bottom(width_twips: int) -> str:
    """w:framePr that pins a paragraph group to the bottom of the text block (版记)."""
    return (f'<w:framePr w:w="{width_twips}" w:wrap="notBeside" w:vAnchor="margin" '
            f'w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>')


def frame_at(width_twips: int, y_twips: int, wrap: str = "notBeside") -> str:
    """w:framePr ``y_twips`` below the page's top edge, centred on the text block (信函格式's
    letterhead: its mark and double lines stand outside the text block, 10.1)."""
    return (f'<w:framePr w:w="{width_twips}" w:wrap="{wrap}" w:vAnchor="page" w:hAnchor="margin" '
            f'w:xAlign="center" w:y="{y_twips}"/>')


_SCRIPTS = ("ascii", "hAnsi", "eastAsia", "cs")


def named_fonts_only(styles, east_asia: str) -> None:
    """python-docx's built-in styles (Heading 1, Title, …) take their fonts from the theme
    (asciiTheme="majorHAnsi" …), which overrides named fonts in Word and makes WPS report
    missing fonts. Every rFonts under ``styles`` names its fonts, all four scripts."""
    for fonts in styles.iter(qn("w:rFonts")):
        for key in list(fonts.attrib):
            if key.lower().endswith("theme"):
                del fonts.attrib[key]
        latin = fonts.get(qn("w:ascii")) or east_asia
        for script in _SCRIPTS:
            if not fonts.get(qn(f"w:{script}")):
                fonts.set(qn(f"w:{script}"), east_asia if script == "eastAsia" else latin)


def font_table(doc: Document, fonts: tuple[str, ...]) -> None:
    """fontTable.xml listing the fonts the document names (charset 86: GB2312)."""
    part = next(p for p in doc.part.package.parts if str(p.partname) == "/word/fontTable.xml")
    entries = "".join(f'<w:font w:name="{escape(name)}"><w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                      for name in fonts)
    part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<w:fonts xmlns:w="{W_NS}">{entries}</w:fonts>').encode()


# ---------------------------------------------------------------- packages

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


APPLICATION = "notice-kit（通知工坊）"
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


@dataclass(frozen=True)
class Counts:
    """What app.xml states about the document, as a word processor counts it."""

    pages: int = 1
    words: int = 0
    characters: int = 0
    characters_with_spaces: int = 0
    paragraphs: int = 0


def text_counts(paragraphs: list[str], pages: int) -> Counts:
    """Counts as Word and LibreOffice give them for Chinese text: each Chinese character (or
    full-width mark) a word, each run of Latin letters or digits one word; characters without
    and with blanks; the non-empty paragraphs."""
    words = chars = spaced = 0
    for text in paragraphs:
        spaced += len(text)
        chars += sum(not ch.isspace() for ch in text)
        latin = False
        for ch in text:
            if ch.isspace():
                latin = False
            elif ord(ch) < 0x2E80 and ch.isalnum():
                words += not latin
                latin = True
            else:
                latin = False
                words += ord(ch) >= 0x2E80
    return Counts(pages, words, chars, spaced, sum(1 for t in paragraphs if t.strip()))


def fix_core_properties(doc: Document, when: datetime, title: str = "", author: str = APPLICATION,
                        counts: Counts | None = None) -> None:
    """The package's properties, honestly: core.xml with the title, the issuer as author and
    every date pinned to ``when`` (python-docx stamps 'now'); app.xml naming notice-kit with the
    document's counts (python-docx's says "Microsoft Macintosh Word", 1 page, 0 words); no
    thumbnail (python-docx's default is a blank page)."""
    props = doc.core_properties
    props.author = author
    props.last_modified_by = APPLICATION
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.title = title[:255]  # core.xml allows 255 characters (python-docx raises past them); the body has it all
    props.comments = "notice-kit（通知工坊）按 GB/T 9704-2012 起草"
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == _THUMBNAIL:
            package.rels.pop(rid)
    app = next((p for p in package.parts if str(p.partname) == "/docProps/app.xml"), None)
    if app is not None:
        c = counts or Counts()
        app._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     f'<Properties xmlns="{_EP}" xmlns:vt="{_VT}"><Template>notice.docx</Template>'
                     f"<TotalTime>0</TotalTime><Pages>{c.pages}</Pages><Words>{c.words}</Words>"
                     f"<Characters>{c.characters}</Characters><Application>{APPLICATION}</Application>"
                     f"<DocSecurity>0</DocSecurity><Paragraphs>{c.paragraphs}</Paragraphs>"
                     f"<ScaleCrop>false</ScaleCrop><Company>{escape(author)}</Company>"
                     f"<LinksUpToDate>false</LinksUpToDate>"
                     f"<CharactersWithSpaces>{c.characters_with_spaces}</CharactersWithSpaces>"
                     "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
                     "<AppVersion>1.0000</AppVersion></Properties>").encode()


def normalise_zip(data: bytes, date_time: tuple[int, ...] = FIXED_ZIP_TIME) -> bytes:
    """Re-zip in the saved order with one timestamp, so equal inputs give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            write_member(dst, _pinned_info(item.filename, date_time), src.read(item.filename))
    return out.getvalue()


#: deflated forms of the large parts every package repeats (the template's styles.xml and
#: stylesWithEffects.xml, ~800 KB): ~6 ms of deflating per .docx, paid once a process. Keyed
#: by a digest, so the blobs themselves are not held; the oldest entry goes first.
_DEFLATED: dict[tuple[int, bytes], bytes] = {}
_KEEP_FROM = 64 * 1024  # smaller parts are cheap to deflate and mostly differ
_KEEP_AT_MOST = 8
_DEFLATED_LOCK = threading.Lock()


class _KeptDeflate:
    """A compressor for one zip member that gives, for a blob deflated before, the bytes zlib
    gave then: deflate is deterministic, so the member is byte for byte what zipfile writes."""

    def __init__(self) -> None:
        self._data = b""

    def compress(self, data: bytes) -> bytes:
        self._data += data
        return b""

    def flush(self) -> bytes:
        key = (len(self._data), hashlib.blake2b(self._data, digest_size=16).digest())
        with _DEFLATED_LOCK:
            kept = _DEFLATED.get(key)
        if kept is None:
            z = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # zipfile's own
            kept = z.compress(self._data) + z.flush()
            with _DEFLATED_LOCK:
                _DEFLATED[key] = kept
                while len(_DEFLATED) > _KEEP_AT_MOST:
                    del _DEFLATED[next(iter(_DEFLATED))]
        return kept


def write_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes) -> None:
    """``archive.writestr(info, blob)``; a large part deflated before is not deflated again."""
    if len(blob) < _KEEP_FROM or info.compress_type != zipfile.ZIP_DEFLATED:
        archive.writestr(info, blob)
        return
    info.file_size = len(blob)  # as writestr sets it (it decides the zip64 header)
    with archive.open(info, mode="w") as dest:
        dest._compressor = _KeptDeflate()  # zipfile's _ZipWriteFile: compress() per write, flush() at close
        dest.write(blob)


def open_keeping(stream: io.BytesIO, kept: frozenset[str]) -> Document:
    """python-docx's ``Document(stream)``, except that the parts named in ``kept`` are loaded as
    plain bytes and written back as read, never parsed: a part no one edits (the template's
    360 KB styles.xml) costs ~10 ms a notice to parse and serialise again."""
    from docx.opc.package import Unmarshaller
    from docx.opc.part import Part, PartFactory
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    def part(partname, content_type: str, reltype: str, blob: bytes, package):
        if partname in kept:
            return Part.load(partname, content_type, blob, package)
        return PartFactory(partname, content_type, reltype, blob, package)

    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(stream), package, part)
    return package.main_document_part.document


def _pinned_info(name: str, date_time: tuple[int, ...]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


class _PinnedZipWriter:
    """python-docx's zip writer (its PhysPkgWriter) with every entry pinned as
    ``normalise_zip`` pins it, so a package is deflated once, not saved and then re-zipped."""

    def __init__(self, stream: io.BytesIO, date_time: tuple[int, ...]) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._date_time = date_time

    def write(self, pack_uri, blob: bytes) -> None:
        write_member(self._zip, _pinned_info(pack_uri.membername, self._date_time), blob)

    def close(self) -> None:
        self._zip.close()


def save_bytes(doc: Document, date_time: tuple[int, ...] = FIXED_ZIP_TIME) -> bytes:
    """The document as a package, byte for byte ``normalise_zip`` of what ``doc.save`` writes:
    the same steps as python-docx's OpcPackage.save, into a writer that pins each entry."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    buf = io.BytesIO()
    writer = _PinnedZipWriter(buf, date_time)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buf.getvalue()
