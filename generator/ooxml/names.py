"""WordprocessingML's namespace, written once: readers (docxtext, lint) and writers name
elements through these, never by a namespace URI of their own."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Clark notation prefix of a w: element or attribute, as lxml names them: ``W + "p"``
W = "{" + W_NS + "}"
#: xml:space, which keeps a w:t's leading and trailing blanks
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as xml.sax.saxutils.escape does: importing that
    module pulls in urllib.request, http.client and ssl (~15 ms of every draft)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
