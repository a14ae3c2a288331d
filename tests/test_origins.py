"""Nothing invented: every drafted value has an origin — a profile field (the file exists), a
stated rule (its wording or computation, the rule exists) or a placeholder that is listed."""

from __future__ import annotations

import re

import pytest

from generator import ROOT
from generator.assemble import build_notice, load_tree
from generator.catalogue import load_rules
from generator.model import PLACEHOLDER_RE, Notice

TREE = load_tree()
CASES = [(n.id, y) for n in sorted(TREE.nodes.values(), key=lambda n: n.id) for y in sorted({*n.editions, 2027})]
RULE_IDS = {r.id for r in load_rules()}


def origins(n: Notice):
    """(field, value, source) for every value the draft shows."""
    p = n.provenance
    yield "issuers", "、".join(o.name for o in n.issuers), p["issuers"].source
    yield "doc_number", str(n.doc_number), p["doc_number"].source
    yield "title", n.title, p["title"].source
    yield "recipients", "、".join(n.recipients), p["recipients"].source
    yield "opening", n.opening, p["opening"].source
    for i, c in enumerate(n.citations):
        yield f"citations.{i}", f"{c.issuer}《{c.title}》（{c.doc_number}）", c.prov.source
    if n.week:
        yield "week", f"{n.week.start}—{n.week.end}", n.week.prov.source
    for s in n.all_sections():
        yield f"section {s.heading}", s.heading + "".join(s.paragraphs), s.prov.source
    for i, dl in enumerate(n.deadlines):
        yield f"deadlines.{i}", f"{dl.what}{dl.date}{''.join(dl.materials)}", dl.prov.source
    for i, a in enumerate(n.attachments):
        yield f"attachments.{i}", a.title + a.note, a.prov.source
    for key in ("four_ones", "contacts", "signature", "imprint"):
        if key in p:
            value = {"four_ones": "、".join(n.four_ones), "signature": n.signature_date,
                     "contacts": "".join(c.name + c.phone + c.email for c in n.contacts),
                     "imprint": "".join(str(v) for v in n.imprint.values())}[key]
            yield key, value, p[key].source


def _profile_files_exist(source: str) -> bool:
    files = re.findall(r"profiles/[\w/]+?\.yaml", source)
    return bool(files) and all((ROOT / f).is_file() for f in files)


def _origin(value: str, source: str) -> str:
    if _profile_files_exist(source):
        return "profile"
    m = re.match(r"规则 (NK-[A-Z0-9-]+)", source)
    if m and m.group(1) in RULE_IDS:
        return "rule"
    if source in ("无", "") and PLACEHOLDER_RE.search(value or ""):
        return "placeholder"
    return "unknown"


@pytest.mark.parametrize("node, year", CASES, ids=[f"{n}-{y}" for n, y in CASES])
def test_every_drafted_value_has_an_origin(node: str, year: int):
    n = build_notice(node, year)
    unknown = [(f, v[:40], s) for f, v, s in origins(n) if _origin(v, s) == "unknown"]
    assert not unknown, unknown
    # every placeholder shown is listed with its reason, and every listed one has a reason
    shown = any(PLACEHOLDER_RE.search(v or "") for _, v, _ in origins(n))
    assert shown == bool(n.placeholders)
    assert all(p.field and p.reason for p in n.placeholders)


def test_zibo_imprint_office_is_a_placeholder_not_the_last_issuer():
    n = build_notice("zibo", 2024)
    assert PLACEHOLDER_RE.fullmatch(n.imprint["office"]) and "总工会" not in n.imprint["office"]
    assert PLACEHOLDER_RE.fullmatch(n.imprint["date"])  # 印发日期 is the print date, not the 成文日期
    fields = {p.field for p in n.placeholders}
    assert {"imprint.office", "imprint.date"} <= fields


def test_attachment_without_a_form_kind_says_what_to_attach(tmp_path):
    import docx

    from generator.render import render_notice

    n = build_notice("zibo", 2024)
    bare = [a for a in n.attachments if not a.form]
    assert bare and all(PLACEHOLDER_RE.search(a.note) and a.title in a.note for a in bare)
    f = tmp_path / "zibo.docx"
    f.write_bytes(render_notice(n))
    texts = [p.text for p in docx.Document(str(f)).paragraphs]
    for a in bare:
        at = next(i for i, t in enumerate(texts) if t.replace("\n", "") == a.title)
        assert texts[at + 1] == a.note  # right under the attachment's title, on its page


def test_unsealed_signature_layout_is_chosen_per_profile(tmp_path):
    import shutil

    from generator import PROFILES_DIR

    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    assert build_notice("nanchang", 2023, root).sealed  # GB/T 9704 7.3.5.1 unless the profile says otherwise
    node = root / "national" / "jiangxi" / "nanchang" / "node.yaml"
    text = node.read_text(encoding="utf-8")
    assert "\ndefaults:\n" in text
    node.write_text(text.replace("\ndefaults:\n", "\ndefaults:\n  signature: unsealed\n", 1), encoding="utf-8")
    assert not build_notice("nanchang", 2023, root).sealed
