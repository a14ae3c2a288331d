"""Open a .docx package without trusting what its zip headers say.

A .docx is a zip whose central directory states each member's size. A zip bomb can state
5 KB for a member that inflates to 1 GiB: a guard that sums the stated sizes lets it
through, and zipfile then inflates the whole stream in one call (2 GB held for seconds).
So every member is inflated here, in chunks, counting the bytes that actually come out
and stopping at a cap; the stated size and CRC must match what came out, so the
python-docx read that follows sees exactly what was counted here.

While the XML parts stream past, two more things a Word file never holds are refused: a
DTD (``<!DOCTYPE``/``<!ENTITY``: entities python-docx keeps unexpanded and then writes out
undeclared, so an annotated copy would be corrupt), and a body of more paragraphs than
any notice has (lint's work grows with them).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from .errors import NoticeError

MB = 1024 * 1024
#: all members together, inflated (a notice with photos is a few MB)
MAX_UNPACKED = 20 * MB
#: a member whose inflated size exceeds its packed size this many times over 1 MB is a bomb
MAX_RATIO = 200
#: ``word/document.xml``: a drafted notice with its forms is ~200 KB
MAX_DOCUMENT_XML = 8 * MB
#: a notice with its attachment forms has a few hundred paragraphs (table cells included)
MAX_PARAGRAPHS = 10_000
_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … name length, extra length
_DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")


def check_package(zf: zipfile.ZipFile, path: Path) -> dict[str, bytes]:
    """Inflate every member of an open .docx with a byte cap; NoticeError (exit 2) in
    Chinese when it is a bomb, too big, tampered with, or holds a DTD. Returns the XML
    parts (and their .rels) as inflated here, so the reader parses these very bytes."""
    total = 0
    xml: dict[str, bytes] = {}
    with open(path, "rb") as raw:
        for info in zf.infolist():
            if info.is_dir():
                continue
            cap = min(MAX_UNPACKED - total, MAX_DOCUMENT_XML if info.filename == "word/document.xml" else MAX_UNPACKED)
            scan = _PartScan(info.filename)
            size = 0
            chunks = []
            for chunk, packed in _inflate(raw, info, path, cap + 1):
                size += len(chunk)
                if size > cap:
                    raise _too_big(info, size, packed, path)
                scan.feed(chunk, path)
                if scan.xml:
                    chunks.append(chunk)
            total += size
            if scan.xml:
                xml[info.filename] = b"".join(chunks)
            if scan.paragraphs > MAX_PARAGRAPHS:
                raise NoticeError(f"无法读取：{path} 的正文有 {scan.paragraphs} 个以上段落（上限 {MAX_PARAGRAPHS}），"
                                  "不像一份通知。", 2)
    return xml


def _too_big(info: zipfile.ZipInfo, size: int, packed: int, path: Path) -> NoticeError:
    """Name what is too big: a stream that inflates past its stated size, or far past its
    packed size, is a bomb; a large part (a long document, big pictures) is just too large."""
    if size > info.file_size or size / max(packed, 1) > MAX_RATIO:
        return NoticeError(f"无法读取：{path} 疑似压缩炸弹：{info.filename} 记录的大小为 {_kb(info.file_size)}，"
                           f"{_kb(packed)} 压缩数据实际解压出 {_kb(size)} 以上，拒绝读取。", 2)
    if info.filename == "word/document.xml" and size > MAX_DOCUMENT_XML:
        return NoticeError(f"无法读取：{path} 的正文（word/document.xml）解压后超过 {MAX_DOCUMENT_XML // MB} MB，"
                           "远大于一份通知，拒绝读取。", 2)
    return NoticeError(f"无法读取：{path} 解压后超过 {MAX_UNPACKED // MB} MB（{info.filename} 处超出），"
                       "远大于一份通知；若含大量图片，请压缩图片后再试。", 2)


def _kb(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(n // 1024, 1)} KB"


def _inflate(raw, info: zipfile.ZipInfo, path: Path, limit: int) -> Iterator[tuple[bytes, int]]:
    """The member's bytes as they really inflate, at most ``limit`` of them, each chunk with
    the packed bytes read so far; then the stated size and CRC must match what came out."""
    if info.flag_bits & 0x1:
        raise NoticeError(f"无法读取：{path} 的内容已加密；请在 Word/WPS 中取消密码后另存为 .docx 再试。", 2)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _corrupt(path, info, "使用了 Word 不用的压缩方式")
    raw.seek(info.header_offset)
    head = raw.read(_LOCAL_HEADER.size)
    if len(head) < _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
        raise _corrupt(path, info, "找不到成员的起始位置")
    name_len, extra_len = _LOCAL_HEADER.unpack(head)[1:]
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, out, crc = info.compress_size, 0, 0
    try:
        while left > 0 and out < limit:
            packed = raw.read(min(_CHUNK, left))
            if not packed:
                raise _corrupt(path, info, "数据不完整")
            left -= len(packed)
            while packed and out < limit:
                # max_length bounds each call: a bomb inflates a chunk at a time, never all at once
                chunk = inflater.decompress(packed, _CHUNK) if inflater else packed
                packed = inflater.unconsumed_tail if inflater else b""
                out += len(chunk)
                crc = zlib.crc32(chunk, crc)
                yield chunk, info.compress_size - left - len(packed)
                if inflater and inflater.eof:
                    break
    except zlib.error:
        raise _corrupt(path, info, "压缩数据有误") from None
    if out < limit and (out != info.file_size or crc != info.CRC or (inflater and not inflater.eof)):
        raise _corrupt(path, info, "实际内容与压缩包记录的大小或校验值不符")


def _corrupt(path: Path, info: zipfile.ZipInfo, why: str) -> NoticeError:
    return NoticeError(f"无法读取：{path} 已损坏或被改动（{info.filename}：{why}），Word/WPS 可能也打不开。"
                       "请用 Word/WPS 打开修复后另存为 .docx 再试。", 2)


class _PartScan:
    """Looks through an XML part as it streams: a DTD anywhere, paragraphs in the body.
    Marks split across chunks are found by keeping the tail of the previous chunk."""

    def __init__(self, name: str) -> None:
        self.xml = name.endswith((".xml", ".rels"))
        self.body = name == "word/document.xml"
        self.paragraphs = 0
        self._tail = b""

    def feed(self, chunk: bytes, path: Path) -> None:
        if not self.xml:
            return
        data = self._tail + chunk
        if any(mark in data for mark in _DTD_MARKS):
            raise NoticeError(f"无法读取：{path} 含有 DTD/实体声明（<!DOCTYPE>），Word 不会写出这样的文件；"
                              "请用 Word/WPS 打开后另存为 .docx 再试。", 2)
        if self.body:  # 4 bytes of tail: shorter than "<w:p>", so no paragraph is counted twice
            self.paragraphs += (self._tail[-4:] + chunk).count(b"<w:p>") + (self._tail[-4:] + chunk).count(b"<w:p ")
        self._tail = data[-8:]
