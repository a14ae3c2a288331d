"""Packages: byte-identical zips (.docx and .xlsx alike), honest core and app properties,
python-docx opened and saved without work it need not do."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .names import escape

if TYPE_CHECKING:
    from docx.document import Document

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


#: deflated forms of the large parts every package repeats (the template's styles.xml and
#: stylesWithEffects.xml, ~800 KB): ~6 ms of deflating per .docx, paid once a process. Keyed
#: by a digest, so the blobs themselves are not held; the oldest entry goes first.
_DEFLATED: dict[tuple[int, bytes], bytes] = {}
_KEEP_FROM = 64 * 1024  # smaller parts are cheap to deflate and mostly differ
_KEEP_AT_MOST = 8
_DEFLATED_LOCK = threading.Lock()


_ZLIB = "".join(ch for ch in zlib.ZLIB_RUNTIME_VERSION if ch.isalnum() or ch == ".")


def _deflate(data: bytes) -> bytes:
    z = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # zipfile's own
    return z.compress(data) + z.flush()


class _KeptDeflate:
    """A compressor for one zip member that gives, for a blob deflated before, the bytes zlib
    gave then: deflate is deterministic, so the member is byte for byte what zipfile writes.
    ``on_disk``: a blob every package repeats as read (a template's part), kept for the next
    process too."""

    def __init__(self, on_disk: bool = False) -> None:
        self._data = b""
        self._on_disk = on_disk

    def compress(self, data: bytes) -> bytes:
        self._data += data
        return b""

    def flush(self) -> bytes:
        key = (len(self._data), hashlib.sha256(self._data).digest()[:16])  # sha256: ~2.5× blake2b on SHA-NI
        with _DEFLATED_LOCK:
            kept = _DEFLATED.get(key)
        if kept is not None:
            return kept
        if self._on_disk:
            # kept for the next process too: a cold `notice draft` deflated the template's two
            # ~400 KB style parts afresh (~6 ms, more than the rest of the save); another zlib
            # may deflate otherwise, so its version is in the key
            from ..template_cache import kept as kept_on_disk

            data = self._data
            kept = kept_on_disk("deflated", f"{key[0]}-{key[1].hex()}-zlib{_ZLIB}", lambda: _deflate(data))
        else:
            kept = _deflate(self._data)
        with _DEFLATED_LOCK:
            _DEFLATED[key] = kept
            while len(_DEFLATED) > _KEEP_AT_MOST:
                del _DEFLATED[next(iter(_DEFLATED))]
        return kept


def write_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes, on_disk: bool = False) -> None:
    """``archive.writestr(info, blob)``; a large part deflated before is not deflated again
    (``on_disk``: nor in the next process, for a part every package repeats)."""
    if len(blob) < _KEEP_FROM or info.compress_type != zipfile.ZIP_DEFLATED:
        archive.writestr(info, blob)
        return
    info.file_size = len(blob)  # as writestr sets it (it decides the zip64 header)
    with archive.open(info, mode="w") as dest:
        dest._compressor = _KeptDeflate(on_disk)  # zipfile's _ZipWriteFile: compress() per write, flush() at close
        dest.write(blob)


def normalise_zip(data: bytes, date_time: tuple[int, ...] = FIXED_ZIP_TIME, mode: int | None = 0o644) -> bytes:
    """Re-zip in the saved order with one timestamp, so equal inputs give equal bytes
    (``mode`` None: no file mode, as lint's annotated and fixed copies have always been)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            write_member(dst, _pinned_info(item.filename, date_time, mode), src.read(item.filename))
    return out.getvalue()


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


def _pinned_info(name: str, date_time: tuple[int, ...], mode: int | None = 0o644) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.external_attr = mode << 16
    return info


class _PinnedZipWriter:
    """python-docx's zip writer (its PhysPkgWriter) with every entry pinned as
    ``normalise_zip`` pins it, so a package is deflated once, not saved and then re-zipped."""

    def __init__(self, stream: io.BytesIO, date_time: tuple[int, ...], as_read: frozenset = frozenset()) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._date_time = date_time
        self._as_read = as_read

    def write(self, pack_uri, blob: bytes) -> None:
        write_member(self._zip, _pinned_info(pack_uri.membername, self._date_time), blob,
                     on_disk=pack_uri in self._as_read)

    def close(self) -> None:
        self._zip.close()


def save_bytes(doc: Document, date_time: tuple[int, ...] = FIXED_ZIP_TIME) -> bytes:
    """The document as a package, byte for byte ``normalise_zip`` of what ``doc.save`` writes:
    the same steps as python-docx's OpcPackage.save, into a writer that pins each entry."""
    from docx.opc.part import XmlPart
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    buf = io.BytesIO()
    # a part held as bytes (not parsed XML) is written as it was read: the template's styles
    as_read = frozenset(p.partname for p in parts if not isinstance(p, XmlPart))
    writer = _PinnedZipWriter(buf, date_time, as_read)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buf.getvalue()
