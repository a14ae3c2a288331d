"""Byte-identical .docx files: fixed zip timestamps and fixed core properties."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx.document import Document

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fix_core_properties(doc: Document, when: datetime, title: str = "") -> None:
    """python-docx stamps 'now' into docProps/core.xml; pin every date to ``when``."""
    props = doc.core_properties
    props.author = "通知工坊"
    props.last_modified_by = "通知工坊"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.title = title


def normalise_zip(data: bytes) -> bytes:
    """Re-zip in the saved order with one timestamp, so equal inputs give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def save_bytes(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())
