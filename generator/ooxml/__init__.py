"""The OOXML/package layer: the only WordprocessingML written by hand, and the only zip
normaliser (byte-identical .docx and .xlsx).

Every element a writer adds — runs, paragraph properties, styles, form tables, tracked
changes — is made by a named helper here, whose docstring says which element and why;
``tests/test_architecture.py`` fails on a ``<w:`` string literal, an ``OxmlElement(`` or a
``parse_xml(`` anywhere else in generator/. Readers name elements through ``W`` (names.py).

- ``names``: the namespace, ``escape``
- ``runs``: w:r (fonts, sizes, highlighted placeholders), fields, ``Para``/``Markup``
- ``paragraphs``: the children of w:pPr (spacing, indents, tabs, frames, borders, shading)
- ``styles``: w:style, w:docDefaults, fontTable.xml, fonts named outright
- ``tables``: the forms' table, rows, cells and lines, parsed once
- ``body``: edits of a drawn body (sections, empty runs, the mark table's width)
- ``revisions``: tracked changes and comments (``lint --fix``/``--annotate``)
- ``package``: zips, core and app properties, open/save
"""

from __future__ import annotations

from .body import drop_empty_runs, empty_body, merge_last_section, set_table_width, styled_paragraphs
from .names import W_NS, XML_SPACE, W, escape
from .package import (
    APPLICATION,
    FIXED_ZIP_TIME,
    Counts,
    fix_core_properties,
    normalise_zip,
    open_keeping,
    save_bytes,
    text_counts,
)
from .paragraphs import (
    align,
    border,
    bottom_rule,
    frame_at,
    frame_bottom,
    hanging_punctuation,
    indent,
    keep_next,
    off_grid,
    page_break_before,
    paragraph_mark,
    paragraph_properties,
    shading,
    spacing,
    tab_stops,
)
from .revisions import RevisionIds, comment_range, split_run, stamp_comments, tracked_replacement
from .runs import (
    HIGHLIGHT,
    Markup,
    Para,
    field_runs,
    half_points,
    highlighting,
    line_break,
    marks,
    rfonts,
    run,
    run_properties,
    tab_run,
    text_runs,
)
from .styles import doc_defaults_xml, font_table, named_fonts_only, style_xml
from .tables import append_paragraph, append_table, plain_run, table_cell, table_row

__all__ = [
    "APPLICATION", "Counts", "FIXED_ZIP_TIME", "HIGHLIGHT", "Markup", "Para", "RevisionIds", "W", "W_NS",
    "XML_SPACE", "align", "append_paragraph", "append_table", "border", "bottom_rule", "comment_range",
    "doc_defaults_xml", "drop_empty_runs", "empty_body", "escape", "field_runs", "fix_core_properties",
    "font_table", "frame_at", "frame_bottom", "half_points", "hanging_punctuation", "highlighting", "indent",
    "keep_next", "line_break", "marks", "merge_last_section", "named_fonts_only", "normalise_zip", "off_grid",
    "open_keeping", "page_break_before", "paragraph_mark", "paragraph_properties", "plain_run", "rfonts", "run",
    "run_properties", "save_bytes", "set_table_width", "shading", "spacing", "split_run", "stamp_comments",
    "style_xml", "styled_paragraphs", "tab_run", "tab_stops", "table_cell", "table_row", "text_counts",
    "text_runs", "tracked_replacement"
]
