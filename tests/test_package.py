"""Every package we write opens in Word and WPS: parts well-formed, relationships resolve,
every part typed, children in the order the schema's sequences demand, fonts named (never
taken from the theme) with all four scripts, table widths in both tblW and gridCol."""

from __future__ import annotations

import io
import posixpath
import time
import zipfile
from functools import cache

import pytest
from lxml import etree

from generator import TEMPLATES_DIR
from generator.assemble import build_notice
from generator.forms import build_form_docx, build_summary_xlsx, load_form
from generator.render import render_notice
from tests.render_fixtures import ALL_CASES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"

# ECMA-376 (transitional) sequences of the containers we write children into by hand
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
           "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
           "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
           "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
           "vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
             "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
            "headers cellIns cellDel cellMerge tcPrChange",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
              "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
              "printerSettings sectPrChange",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
             "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "tbl": "bookmarkStart bookmarkEnd tblPr tblGrid tr",
    "font": "altName panose1 charset family notTrueType pitch sig embedRegular embedBold embedItalic embedBoldItalic",
}
ORDER = {k: v.split() for k, v in ORDER.items()}
# headerReference and footerReference may come in any order among themselves
SAME_RANK = {("sectPr", "footerReference"): "headerReference"}


def packages() -> list[tuple[str, bytes]]:
    out = [("templates/notice.docx", (TEMPLATES_DIR / "notice.docx").read_bytes())]
    for ref, year in ALL_CASES:
        notice = build_notice(ref, year)
        out.append((f"{ref}-{year}.docx", render_notice(notice)))
        for i, a in enumerate(notice.attachments, 1):
            if a.form:
                out.append((f"{ref}-{year}-附件{i}.docx", build_form_docx(notice, i)))
                if load_form(a.form).xlsx:
                    out.append((f"{ref}-{year}-附件{i}.xlsx", build_summary_xlsx(notice, i)))
    return out


@cache
def _packages() -> dict[str, bytes]:
    return dict(packages())


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml_parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part parsed (a malformed one fails the test here)."""
    return {name: etree.fromstring(blob) for name, blob in parts(data).items()
            if name.endswith((".xml", ".rels"))}


def schema_order_problems(root: etree._Element) -> list[str]:
    problems = []
    for el in root.iter(f"{{{W}}}*"):
        local = etree.QName(el).localname
        seq = ORDER.get(local)
        if seq is None:
            continue
        last = -1
        for child in el:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != W:
                continue
            name = etree.QName(child).localname
            name = SAME_RANK.get((local, name), name)
            if local in ("tbl",) and name not in seq:
                continue  # sdt, customXml, … around rows
            if name not in seq:
                problems.append(f"{local}: unknown child {name}")
                continue
            rank = seq.index(name)
            if rank < last:
                problems.append(f"{local}: {name} after {seq[last]}")
            last = max(last, rank)
    return problems


@pytest.mark.parametrize("name", list(_packages()))
def test_package_parts_relationships_and_types(name):
    data = _packages()[name]
    blobs = parts(data)
    trees = xml_parts(data)
    types = trees["[Content_Types].xml"]
    defaults = {d.get("Extension").lower() for d in types.findall(f"{{{CT}}}Default")}
    overrides = {o.get("PartName") for o in types.findall(f"{{{CT}}}Override")}
    for part in blobs:
        if part != "[Content_Types].xml":
            assert "/" + part in overrides or part.rsplit(".", 1)[-1].lower() in defaults, (name, part)
    for rels_name, rels in trees.items():
        if not rels_name.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/x.rels → word
        for rel in rels.findall(f"{{{REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            assert path in blobs, (name, rels_name, target)


@pytest.mark.parametrize("name", [n for n in _packages() if n.endswith(".docx")])
def test_wordprocessing_elements_in_schema_order_and_fonts_named(name):
    trees = xml_parts(_packages()[name])
    for part, root in trees.items():
        if part.startswith("word/") and part.endswith(".xml"):
            assert schema_order_problems(root) == [], (name, part)
    styles = trees["word/styles.xml"]
    for fonts in styles.iter(f"{{{W}}}rFonts"):
        assert not [k for k in fonts.attrib if k.lower().endswith("theme")], etree.tostring(fonts)
        assert all(fonts.get(f"{{{W}}}{s}") for s in ("ascii", "hAnsi", "eastAsia", "cs")), etree.tostring(fonts)
    document = trees["word/document.xml"]
    for fonts in document.iter(f"{{{W}}}rFonts"):  # direct fonts too: one face for every script
        values = {fonts.get(f"{{{W}}}{s}") for s in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert len(values) == 1 and None not in values, etree.tostring(fonts)
    for tbl in document.iter(f"{{{W}}}tbl"):
        width = tbl.find(f"{{{W}}}tblPr/{{{W}}}tblW")
        grid = sum(int(c.get(f"{{{W}}}w")) for c in tbl.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol"))
        assert width.get(f"{{{W}}}type") == "dxa" and abs(int(width.get(f"{{{W}}}w")) - grid) <= 2, name


def test_schema_order_check_catches_a_misplaced_element():
    p = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:jc w:val="left"/><w:spacing w:before="0"/></w:pPr></w:p>')
    assert schema_order_problems(p) == ["pPr: spacing after jc"]


def test_one_pass_package_is_the_saved_package_normalised():
    """save_bytes deflates each part once, through python-docx's own package steps; the bytes
    must be those of saving with python-docx and re-zipping with normalise_zip."""
    import docx

    from generator.ooxml import FIXED_ZIP_TIME, normalise_zip, save_bytes

    for data in (_packages()["xinbei-2024.docx"], (TEMPLATES_DIR / "notice.docx").read_bytes()):
        doc = docx.Document(io.BytesIO(data))
        saved = io.BytesIO()
        doc.save(saved)
        assert save_bytes(doc) == normalise_zip(saved.getvalue(), FIXED_ZIP_TIME)


def test_template_styles_are_written_back_as_read():
    """The renderer never parses the template's styles.xml (ooxml.open_keeping): a draft
    carries the template's bytes, and Word still finds every style the body names."""
    template = parts((TEMPLATES_DIR / "notice.docx").read_bytes())["word/styles.xml"]
    draft = parts(_packages()["xinbei-2024.docx"])
    assert draft["word/styles.xml"] == template
    defined = set(etree.fromstring(template).xpath("//w:style/@w:styleId", namespaces={"w": W}))
    used = set(etree.fromstring(draft["word/document.xml"]).xpath("//w:pStyle/@w:val | //w:rStyle/@w:val",
                                                                  namespaces={"w": W}))
    assert used and used <= defined


def test_template_parts_deflated_once_across_processes(tmp_path, monkeypatch):
    """A part saved as read (the template's styles) is deflated once and its bytes kept in the
    cache folder for the next process; the package is byte for byte the same with the kept
    bytes, with a torn kept file (deflated afresh) and with the cache off. A notice's own
    document.xml is never kept."""
    from generator.ooxml import package as P

    notice = build_notice("xinbei", 2024)
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(tmp_path / "cache"))
    P._DEFLATED.clear()
    first = render_notice(notice)
    kept = sorted((tmp_path / "cache" / "templates").glob("deflated-*"))
    sizes = {len(b) for b in parts(first).values() if len(b) >= P._KEEP_FROM}
    assert len(kept) == 2 and {int(f.name.split("-")[1]) for f in kept} == sizes  # the two style parts
    assert all(f.stat().st_size < 20_000 for f in kept)

    P._DEFLATED.clear()  # the next process: the kept bytes, read from disk
    calls = []  # each fresh deflate of a large part
    real = P._deflate
    monkeypatch.setattr(P, "_deflate", lambda data: calls.append(len(data)) or real(data))
    assert render_notice(notice) == first
    assert calls == []

    kept[0].write_bytes(kept[0].read_bytes()[:-7] + b"garbage")  # torn or altered: not used
    P._DEFLATED.clear()
    assert render_notice(notice) == first
    assert len(calls) == 1

    monkeypatch.setenv("NOTICE_KIT_CACHE", "off")
    P._DEFLATED.clear()
    assert render_notice(notice) == first


def test_a_footer_with_a_tag_is_still_rendered(monkeypatch):
    """The renderer leaves a header or footer without a Jinja tag as it is (docxtpl would
    re-render all five of the template's); one that carries a tag is still rendered."""
    import generator.render as R
    from generator.assemble import build_notice

    template = parts((TEMPLATES_DIR / "notice.docx").read_bytes())
    empty = b'<w:p><w:pPr><w:pStyle w:val="NKPageNumber"/></w:pPr></w:p>'
    assert empty in template["word/footer3.xml"]
    template["word/footer3.xml"] = template["word/footer3.xml"].replace(
        empty, b"<w:p><w:r><w:t>{{r title }}</w:t></w:r></w:p>")  # as document.xml carries its title
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in template.items():
            z.writestr(name, blob)
    monkeypatch.setattr(R, "_template_bytes", lambda path=None: buf.getvalue())
    notice = build_notice("xinbei", 2024)
    drafted = parts(render_notice(notice))
    footer = etree.fromstring(drafted["word/footer3.xml"])
    text = "".join(footer.itertext())
    assert "{{" not in text and text.startswith("关于") and footer.find(f".//{{{W}}}p/{{{W}}}r") is not None
    assert drafted["word/footer1.xml"] == parts(_packages()["xinbei-2024.docx"])["word/footer1.xml"]


def test_kept_deflated_parts_are_bounded(tmp_path, monkeypatch):
    """A template edited again and again does not fill the cache folder: the newest parts stay."""
    from generator import template_cache

    monkeypatch.setenv("NOTICE_KIT_CACHE", str(tmp_path))
    for n in range(template_cache.KEEP_PER_KIND + 5):
        template_cache.kept("deflated", f"{n:04d}", lambda: b"deflated")
        time.sleep(0.005)  # mtimes a file system's clock tick apart: "newest" is well defined
    kept = list((tmp_path / "templates").glob("deflated-*"))
    assert len(kept) == template_cache.KEEP_PER_KIND
    newest = f"{template_cache.KEEP_PER_KIND + 4:04d}"
    assert template_cache.kept("deflated", newest, lambda: b"rebuilt") == b"deflated"


@pytest.mark.parametrize("source", ["", "通知（GB/T 9704-2012 红头文件模板）", "notice-kit", "a\n", "a\r\nb",
                                    "行1\n行2", "{{ 1 + 1 }}", "x{y}", "{% if true %}是{% endif %}",
                                    "<w:t>&amp;</w:t>"])
def test_text_without_tags_renders_as_jinja_renders_it(source):
    """The renderer's environment gives a tag-free text back without compiling it (docxtpl
    renders each core property as a template); the output is what Jinja's own would be."""
    from jinja2 import Environment

    from generator.render import _ENV

    assert _ENV.from_string(source).render({}) == Environment(autoescape=True).from_string(source).render({})
