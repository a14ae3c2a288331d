"""The composition and its writers: the HTML page holds every element of the model,
escaped, with placeholders marked; the writers agree because they draw the same blocks."""

from __future__ import annotations

import copy
from html.parser import HTMLParser

import pytest

from generator.cli import main
from generator.compose import compose, date_text
from generator.forms import layout
from generator.model import PLACEHOLDER_RE, Attachment, DocNumber, Notice, Organ, Section
from generator.render import render_notice
from generator.writers.html import notice_fragment, notice_html
from generator.writers.text import notice_to_text
from tests.render_fixtures import SEED_CASES, notice_for


class Node:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag, self.attrs, self.children, self.text = tag, attrs, [], ""

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)

    def find(self, cls: str = "", tag: str = "") -> list[Node]:
        out = [self] if (not cls or cls in self.classes) and (not tag or self.tag == tag) else []
        for c in self.children:
            out += c.find(cls, tag)
        return out


VOID = {"br", "hr", "meta", "col", "img", "link", "input", "wbr"}


class Tree(HTMLParser):
    """A strict little DOM: every opened element must be closed in order."""

    def __init__(self, html: str):
        super().__init__()
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.feed(html)
        self.close()
        assert self.stack == [self.root], [n.tag for n in self.stack]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, (self.stack[-1].tag, tag)
        self.stack.pop()

    def handle_data(self, data):
        # text after a child belongs to the parent; kept in order enough for containment checks
        target = self.stack[-1]
        if target.children:
            tail = Node("#text", {})
            tail.text = data
            target.children.append(tail)
        else:
            target.text += data


def texts(tree: Tree, cls: str, tag: str = "") -> list[str]:
    return [n.all_text() for n in tree.root.find(cls, tag)]


def model_texts(notice: Notice) -> list[str]:
    out = [notice.title, notice.opening, *notice.recipients, *notice.four_ones]
    for s in notice.all_sections():
        out += [s.heading, *s.paragraphs]
    out += [a.title for a in notice.attachments]
    return [t for t in out if t]


@pytest.mark.parametrize("ref,year", SEED_CASES)
def test_html_page_holds_every_element_of_the_model(ref, year):
    notice = notice_for(ref, year)
    tree = Tree(notice_html(notice))
    assert tree.root.find(tag="html") and tree.root.find(tag="style")
    names = [n.all_text() for n in tree.root.find("mark-names")[0].children]
    assert names == [o.name for o in notice.issuers]
    assert texts(tree, "doc-number") == [str(notice.doc_number)]
    assert tree.root.find("red-rule", "hr")
    assert texts(tree, "title", "h1") == [notice.title]
    assert texts(tree, "recipients") == ["，".join(notice.recipients) + "："]
    body = texts(tree, "body", "p") + texts(tree, "heading", "h2")
    for s in notice.all_sections():
        assert any(f"{s.label}{s.heading}" in t for t in body), s.heading
        for para in s.paragraphs:
            assert any(para in t for t in body), para[:20]
    if notice.opening:
        assert notice.opening in texts(tree, "body", "p")
    for item in notice.four_ones:
        assert any(item in t for t in body), item
    note = texts(tree, "attachment-note")
    pages = tree.root.find("attachment-page")
    assert len(pages) == len(notice.attachments)
    for i, (a, page) in enumerate(zip(notice.attachments, pages, strict=True), 1):
        assert a.title in note[0]
        assert [n.all_text() for n in page.find("attachment-title")] == [a.title]
        label = page.find("attachment-label")[0].all_text()
        assert label == ("附件" if len(notice.attachments) == 1 else f"附件{i}")
        tables = page.find("form", "table")
        if a.form:
            lay = layout(notice, i)
            cells = [n.all_text() for n in tables[0].find(tag="td") + tables[0].find(tag="th")]
            assert sorted(cells) == sorted(c.text for c in lay.cells)
            lines = texts(tree, "form-line")
            assert all(line in lines for line in lay.above + lay.below)
        else:
            assert not tables
    assert texts(tree, "signer") == [o.seal or o.name for o in notice.issuers]
    assert texts(tree, "date") == [date_text(notice.signature_date)]
    issued = tree.root.find("imprint")[0]
    assert issued.find("office")[0].all_text() == notice.imprint["office"]
    assert issued.find("issued-date")[0].all_text() == date_text(notice.imprint.get("date")
                                                                 or notice.signature_date) + "印发"
    # every placeholder the model holds is shown, each inside a highlighted span
    shown = texts(tree, "placeholder") + texts(tree, "unverified")  # 【待填】 yellow, 【待核实】 cyan
    for text in model_texts(notice):
        for m in PLACEHOLDER_RE.finditer(text):
            assert m.group(0) in shown
    assert all(PLACEHOLDER_RE.fullmatch(t) for t in shown)


def test_html_is_self_contained_and_escapes_user_text():
    notice = Notice("测试", 2025, issuers=[Organ("A&B<局>")], title="关于<script>alert(1)</script>的通知",
                    recipients=["各单位\"x\""], doc_number=DocNumber("测〔", "2025", "【待填：序号】"),
                    sections=[Section("要求{{ x }}", paragraphs=["<b>粗</b> & 细"])],
                    attachments=[Attachment("表<1>")])
    page = notice_html(notice)
    assert "<script" not in page and "<b>" not in page
    assert "src=" not in page and "href=" not in page and "@import" not in page and "url(" not in page
    tree = Tree(page)
    assert texts(tree, "title", "h1") == [notice.title]
    assert "<b>粗</b> & 细" in texts(tree, "body", "p")
    assert texts(tree, "placeholder").count("【待填：序号】") == 1
    assert "【待填：印发机关】" in texts(tree, "placeholder")  # nothing invented for a missing 印发机关
    assert notice_fragment(notice).startswith('<article class="nk-notice">')


def test_writers_leave_the_notice_unchanged_and_number_unlabelled_sections():
    notice = Notice("测试", 2025, issuers=[Organ("甲局")], title="关于开展活动的通知",
                    sections=[Section("总体要求", level=3, children=[Section("细则", run_in=True,
                                                                              paragraphs=["一段。"])])])
    before = copy.deepcopy(notice)
    render_notice(notice)
    text = notice_to_text(notice)
    notice_html(notice)
    assert notice == before
    assert "一、总体要求" in text and "（一）细则。一段。" in text


def test_text_and_html_say_what_the_composition_says():
    notice = notice_for("zibo", 2024)
    comp = compose(notice)
    text = notice_to_text(notice)
    page = Tree(notice_html(notice))
    page_text = page.root.all_text()
    for block in comp.blocks:
        for attr in ("text", "full", "issued", "office", "cc"):
            value = getattr(block, attr, "")
            if isinstance(value, str) and value:
                assert value in text
                assert value in page_text


def test_draft_writes_html_and_text(tmp_path, capsys):
    out = tmp_path / "notice.html"
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out)]) == 0
    assert Tree(out.read_text(encoding="utf-8")).root.find("nk-notice")
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out)]) == 2  # no overwrite without --force
    assert "已存在" in capsys.readouterr().err
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out), "--force"]) == 0
    txt = tmp_path / "notice.txt"
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(txt)]) == 0
    assert txt.read_text(encoding="utf-8") == notice_to_text(notice_for("xinbei", 2024))
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(tmp_path / "x.pdf")]) == 2
    assert ".html" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".docx", ".html", ".txt"])
def test_every_registered_writer_refuses_a_block_it_does_not_draw(tmp_path, monkeypatch, suffix):
    """writers.writer_for is the one registry: a block kind a writer does not know stops it with
    the kind's name, rather than a file silently missing that content."""
    from dataclasses import dataclass

    import generator.compose as C
    from generator.writers import writer_for

    @dataclass
    class Sidebar:
        text: str

    real = C.compose

    def with_sidebar(notice):
        comp = real(notice)
        comp.blocks.append(Sidebar("旁注"))
        return comp

    monkeypatch.setattr(C, "compose", with_sidebar)
    out = tmp_path / f"notice{suffix}"
    with pytest.raises(TypeError, match="不认识“Sidebar”这种内容块"):
        writer_for(out)(notice_for("xinbei", 2024), out, True)
    assert not out.exists()


def test_batch_drafts_through_the_writer_registry(tmp_path, monkeypatch):
    """notice batch writes its .docx and .html with the writers writer_for finds, not its own."""
    import generator.writers as W
    from generator import batch

    asked: list[str] = []
    real = W.writer_for

    def spy(path):
        asked.append(str(path)[-5:])
        return real(path)

    monkeypatch.setattr(W, "writer_for", spy)
    from generator.assemble import PROFILES_DIR

    monkeypatch.setattr(batch, "_JOB", batch._Job(str(PROFILES_DIR), 2024, tmp_path, frozenset({"html"})))
    outcome = batch._draft_one("xinbei")
    assert outcome.files == {"docx": 1, "html": 1}
    assert asked == [".docx", ".html"]
    assert (tmp_path / "xinbei-2024.docx").exists() and (tmp_path / "xinbei-2024.html").exists()
