"""The workbench safe by default: a state-changing request from another site or without its
session's CSRF token is refused (also on 127.0.0.1), tokens are compared as bytes (whatever a
client sends: 401, never 500), every edit is a commit that 撤销 undoes, and with a users file
each person touches only what she may."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from generator.web import create_app
from generator.web.auth import Users, hash_password
from tests.web_helpers import PageClient, copy_profiles

HTML = {"accept": "text/html"}
XINBEI = Path("national/jiangsu/changzhou/xinbei")
JINTAN = Path("national/jiangsu/changzhou/jintan")
ORIGIN = {"origin": "http://testserver"}


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def git_log(root: Path) -> list[str]:
    out = subprocess.run(["git", "-C", str(root), "log", "--format=%an\x1f%s"], capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines()


@pytest.fixture
def profiles(tmp_path) -> Path:
    return copy_profiles(tmp_path)


# ---------------------------------------------------------------- same origin and CSRF


def test_a_post_from_elsewhere_or_without_the_token_changes_nothing(profiles):
    target = profiles / XINBEI / "2024.yaml"
    before = target.read_bytes()
    with TestClient(create_app(profiles, workers=1)) as c:
        page = c.get("/nodes/xinbei/2024", headers=HTML).text
        token = csrf(page)
        form = {"csrf": token, "base": "", "field.theme": "外站改的主题", "orig.theme": ""}
        url = "/nodes/xinbei/2024/profile/edition"
        for headers in ({}, {"origin": "http://evil.example"}, {"origin": "null"},
                        {"referer": "http://evil.example/page.html"}):
            r = c.post(url, data=form, headers={**HTML, **headers})
            assert r.status_code == 403 and "已拒绝" in r.text, headers
        r = c.post(url, data={**form, "csrf": "wrong"}, headers={**HTML, **ORIGIN})
        assert r.status_code == 403 and "表单令牌" in r.text
        r = c.post(url, data={k: v for k, v in form.items() if k != "csrf"}, headers={**HTML, **ORIGIN})
        assert r.status_code == 403
        r = c.post(url, data={**form, "csrf": "（令牌）"}, headers={**HTML, **ORIGIN})  # non-ASCII: refused, not 500
        assert r.status_code == 403
        assert target.read_bytes() == before
        r = c.post("/nodes/xinbei/2027/fill", data={"csrf": token, "fill.doc_number.serial": "5"},
                   headers={**HTML, "origin": "http://evil.example"})
        assert r.status_code == 403 and not (profiles / XINBEI / "2027.yaml").exists()
        # the JSON API writes nothing; a browser on another site is still refused
        seed = b"\xe5\x85\xb3\xe4\xba\x8e"
        assert c.post("/api/lint", files={"file": ("a.txt", seed, "text/plain")},
                      headers={"origin": "http://evil.example"}).status_code == 403


def test_a_session_cookie_is_httponly_and_strict(profiles):
    with TestClient(create_app(profiles, workers=1)) as c:
        cookie = c.get("/", headers=HTML).headers["set-cookie"]
        assert "notice_session=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize("given", ["（s3cret", "s3cret\u00e9", "%E2%80%8B", "%FF%FE", "s3cre"])
def test_any_token_is_compared_as_bytes(profiles, given):
    with TestClient(create_app(profiles, token="s3cret", workers=1), raise_server_exceptions=False) as c:
        r = c.get(f"/?token={given}", headers=HTML)
        assert r.status_code == 401 and "令牌" in r.text
        raw = [(b"authorization", "Bearer s3cr\u00e9t（".encode()), (b"x-notice-token", b"\xff\xfe")]
        for name, value in raw:
            r = c.get("/api/nodes", headers={name.decode(): value})
            assert r.status_code == 401 and "令牌" in r.json()["detail"]


def test_token_mode_login_page(profiles):
    with PageClient(create_app(profiles, token="s3cret-token-x", workers=1)) as c:
        r = c.get("/nodes/xinbei/2024", headers=HTML, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.post("/login", data={"token": "wrong", "next": "/"}, headers=HTML).status_code == 401
        r = c.post("/login", data={"token": "s3cret-token-x", "next": "/nodes/xinbei/2024"}, headers=HTML)
        assert r.status_code == 200 and "新北区 · 2024 年" in r.text


# ---------------------------------------------------------------- every edit kept


def _fields(page: str, form_id: str) -> dict[str, str]:
    from tests.test_web import _form_fields

    return _form_fields(page, form_id)


def test_fill_then_undo_is_byte_identical_with_two_commits(profiles):
    """新北区 2027 has no edition: the fill creates it, 撤销 removes it again; the history shows
    both, with who made them."""
    path = profiles / XINBEI / "2027.yaml"
    assert not path.exists()
    with PageClient(create_app(profiles, workers=1)) as c:
        page = c.get("/nodes/xinbei/2027", headers=HTML).text
        fields = _fields(page, "placeholders")
        fields["fill.doc_number.serial"] = "91"
        r = c.post("/nodes/xinbei/2027/fill", data=fields, headers=HTML)
        assert r.status_code == 200 and "常新教〔2027〕91号" in path.read_text(encoding="utf-8")
        history = r.text.split('id="history"')[1].split("</section>")[0]
        assert "填写待填项" in history and "本机用户" in history and "文号：（无） → 常新教〔2027〕91号" in history
        sha = re.search(r'name="commit" value="([0-9a-f]{40})"', history).group(1)
        r = c.post("/nodes/xinbei/2027/undo", data={"commit": sha}, headers=HTML)
        assert r.status_code == 200 and "已撤销" in r.text
        assert not path.exists()
        history = r.text.split('id="history"')[1].split("</section>")[0]
        assert history.count('class="entry"') == 2 and "撤销 本机用户" in history
    log = git_log(profiles)
    assert log[0].startswith("本机用户\x1f新北区 2027 年：撤销") and log[1] == "本机用户\x1f新北区 2027 年：填写待填项"


def test_save_then_undo_of_an_existing_edition_restores_its_bytes(profiles):
    path = profiles / XINBEI / "2024.yaml"
    before = path.read_bytes()
    with PageClient(create_app(profiles, workers=1)) as c:
        fields = _fields(c.get("/nodes/xinbei/2024", headers=HTML).text, "form-edition")
        fields["field.theme"] = "撤销测试的主题"
        r = c.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML)
        assert r.status_code == 200 and path.read_bytes() != before
        sha = re.search(r'name="commit" value="([0-9a-f]{40})"', r.text).group(1)
        assert c.post("/nodes/xinbei/2024/undo", data={"commit": sha}, headers=HTML).status_code == 200
        assert path.read_bytes() == before


def test_undo_of_a_fact_changed_again_is_409_with_both_values(profiles):
    path = profiles / XINBEI / "2024.yaml"
    with PageClient(create_app(profiles, workers=1)) as c:
        fields = _fields(c.get("/nodes/xinbei/2024", headers=HTML).text, "form-edition")
        fields["field.theme"] = "第一次的主题"
        first = c.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML)
        sha = re.search(r'name="commit" value="([0-9a-f]{40})"', first.text).group(1)
        fields = _fields(first.text, "form-edition")
        fields["field.theme"] = "第二次的主题"
        fields["field.title"] = "另一个标题"
        assert c.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML).status_code == 200
        after = path.read_bytes()
        r = c.post("/nodes/xinbei/2024/undo", data={"commit": sha}, headers=HTML)
        assert r.status_code == 409
        assert "第二次的主题" in r.text.split('id="history-message"')[1][:400]
        assert path.read_bytes() == after


def test_cli_import_commits_when_the_tree_is_a_repository(profiles):
    from generator import history
    from generator.cli import main
    from tests.conftest import SEEDS

    history.ensure_repo(profiles)
    seed = next(SEEDS.glob("002_*.txt"))
    assert main(["import", str(seed), "--node", "jintan2", "--parent", "changzhou", "--profiles",
                 str(profiles)]) == 0
    log = git_log(profiles)
    assert len(log) == 2 and log[0].startswith("本机用户\x1f") and "导入" in log[0]
    files = subprocess.run(["git", "-C", str(profiles), "show", "--name-only", "--format=", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert sorted(files) == ["national/jiangsu/changzhou/jintan2/2020.yaml",
                             "national/jiangsu/changzhou/jintan2/node.yaml"]


def test_an_existing_repository_keeps_its_other_files(tmp_path):
    """The tree inside a repository with other work in progress: a save commits its file only."""
    repo = tmp_path / "office"
    profiles = copy_profiles(repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "notes.txt").write_text("staged, not ours\n", encoding="utf-8")
    (repo / "draft.txt").write_text("untracked\n", encoding="utf-8")
    env = ["-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run(["git", "-C", str(repo), "add", "notes.txt"], check=True)
    subprocess.run(["git", *env, "-C", str(repo), "commit", "-q", "-m", "start", "--allow-empty"], check=True)
    (repo / "notes.txt").write_text("staged, not ours, changed\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "notes.txt"], check=True)
    with PageClient(create_app(profiles, workers=1)) as c:
        fields = _fields(c.get("/nodes/xinbei/2024", headers=HTML).text, "form-edition")
        fields["field.theme"] = "仓库里的主题"
        assert c.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML).status_code == 200
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True,
                            check=True).stdout
    assert "M  notes.txt" in status and "?? draft.txt" in status
    shown = subprocess.run(["git", "-C", str(repo), "show", "--name-only", "--format=", "HEAD"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert shown == ["profiles/national/jiangsu/changzhou/xinbei/2024.yaml"]


# ---------------------------------------------------------------- users


@pytest.fixture
def office(profiles, tmp_path):
    """Two county clerks and the city's reviewer."""
    users = tmp_path / "users.yaml"
    users.write_text(f"""users:
  - name: 王芳
    password: "{hash_password('xinbei-pass-1')}"
    edit: [xinbei]
  - name: 李强
    token: jintan-clerk-token-0123
    edit: [jintan]
  - name: 赵敏
    password: "{hash_password('review-pass-1')}"
    review: [changzhou]
""", encoding="utf-8")
    from generator.assemble import load_tree

    return create_app(profiles, workers=1, users=Users.load(users, load_tree(profiles))), profiles


def login(c: TestClient, name: str, password: str) -> None:
    r = c.post("/login", data={"name": name, "password": password, "next": "/"}, headers=HTML)
    assert r.status_code == 200 and name in r.text.split('id="who"')[1][:200]


def test_office_clerks_and_reviewer(office):
    app, profiles = office
    a_file, b_file = profiles / XINBEI / "2027.yaml", profiles / JINTAN / "2020.yaml"
    with PageClient(app) as clerk, PageClient(app) as reviewer:
        assert clerk.get("/nodes/xinbei/2024", headers=HTML, follow_redirects=False).status_code == 303
        assert clerk.get("/api/nodes").status_code == 401
        assert clerk.get("/api/nodes", headers={"authorization": "Bearer jintan-clerk-token-0123"}).status_code == 200
        bad = clerk.post("/login", data={"name": "王芳", "password": "wrong", "next": "/"}, headers=HTML)
        assert bad.status_code == 401 and "口令不对" in bad.text
        login(clerk, "王芳", "xinbei-pass-1")
        # the clerk of 新北 cannot save 金坛's edition
        before = b_file.read_bytes()
        b_page = clerk.get("/nodes/jintan/2020", headers=HTML).text
        b_fields = _fields(b_page, "form-edition")
        b_fields["field.theme"] = "越权的主题"
        r = clerk.post("/nodes/jintan/2020/profile/edition", data=b_fields, headers=HTML)
        assert r.status_code == 403 and "王芳 没有修改“金坛区”档案的权限" in r.text
        assert b_file.read_bytes() == before
        # 王芳 fills 新北's 2027 serial (the edition is made); the reviewer approves it
        fields = _fields(clerk.get("/nodes/xinbei/2027", headers=HTML).text, "placeholders")
        fields["fill.doc_number.serial"] = "12"
        assert clerk.post("/nodes/xinbei/2027/fill", data=fields, headers=HTML).status_code == 200
        login(reviewer, "赵敏", "review-pass-1")
        page = reviewer.get("/nodes/xinbei/2027", headers=HTML).text
        assert "未审核" in page and 'id="approve"' in page
        r = reviewer.post("/nodes/xinbei/2027/approve", data={}, headers=HTML)
        assert r.status_code == 200 and "已审核：赵敏" in r.text
        assert "已审核：赵敏" in clerk.get("/nodes/xinbei/2027", headers=HTML).text
        assert reviewer.post("/nodes/jintan/2020/profile/edition", data=b_fields, headers=HTML).status_code == 403
        assert reviewer.post("/nodes/xinbei/2027/fill", data=fields, headers=HTML).status_code == 403
        assert clerk.post("/nodes/xinbei/2027/approve", data={}, headers=HTML).status_code == 403
        # 新北's next edit clears the mark
        fields = _fields(clerk.get("/nodes/xinbei/2027", headers=HTML).text, "form-edition")
        fields["field.doc_number"] = "常新教〔2027〕13号"
        r = clerk.post("/nodes/xinbei/2027/profile/edition", data=fields, headers=HTML)
        assert r.status_code == 200 and "“已审核”标记（赵敏）已清除" in r.text
        assert "常新教〔2027〕13号" in a_file.read_text(encoding="utf-8")
        page = reviewer.get("/nodes/xinbei/2027", headers=HTML).text
        assert "已审核：赵敏" not in page and "2027 年度档案未审核" in page
        history = re.sub(r"<[^>]+>", "", page.split('id="history"')[1].split("</section>")[0])
        assert "已审核 · 赵敏" in history and "保存年度档案 · 王芳" in history and "填写待填项 · 王芳" in history
        # logout ends the session
        clerk.post("/logout", data={}, headers=HTML)
        assert clerk.get("/nodes/xinbei/2027", headers=HTML, follow_redirects=False).status_code == 303
    log = git_log(profiles)
    assert log[:3] == ["王芳\x1f新北区 2027 年：保存年度档案", "赵敏\x1f新北区 2027 年：已审核",
                       "王芳\x1f新北区 2027 年：填写待填项"]


def test_a_bad_users_file_is_a_chinese_error(tmp_path, capsys):
    from generator.cli import main

    users = tmp_path / "users.yaml"
    users.write_text("users:\n  - name: 王芳\n    password: plain-text\n    edit: [xinbei]\n", encoding="utf-8")
    assert main(["serve", "--users", str(users), "--port", "8799"]) == 2
    assert "argon2 散列" in capsys.readouterr().err
    users.write_text("users:\n  - name: 王芳\n    token: abcdefghijklmnopq\n    edit: [nosuch]\n", encoding="utf-8")
    assert main(["serve", "--users", str(users), "--port", "8799"]) == 2
    assert "档案树里没有的节点：nosuch" in capsys.readouterr().err


def test_in_an_existing_repository_undo_restores_what_was_on_disk(tmp_path):
    """Profile files changed but not committed in the repository the tree is in: the first
    serve commits them as they are, so 撤销 of the first edit gives back the file on disk."""
    repo = tmp_path / "office"
    profiles = copy_profiles(repo)
    env = ["-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "profiles"], check=True)
    subprocess.run(["git", *env, "-C", str(repo), "commit", "-q", "-m", "profiles"], check=True)
    path = profiles / XINBEI / "2024.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 未提交的修改\n", encoding="utf-8")
    before = path.read_bytes()
    with PageClient(create_app(profiles, workers=1)) as c:
        fields = _fields(c.get("/nodes/xinbei/2024", headers=HTML).text, "form-edition")
        fields["field.theme"] = "仓库里的主题"
        r = c.post("/nodes/xinbei/2024/profile/edition", data=fields, headers=HTML)
        sha = re.search(r'name="commit" value="([0-9a-f]{40})"', r.text).group(1)
        assert c.post("/nodes/xinbei/2024/undo", data={"commit": sha}, headers=HTML).status_code == 200
    assert path.read_bytes() == before


def test_hash_password_prints_a_hash_the_users_file_accepts(tmp_path):
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-m", "generator", "serve", "--hash-password"], input="办公室口令-2027\n",
                          capture_output=True, text=True, cwd=root, env={**__import__("os").environ,
                                                                         "PYTHONPATH": str(root)})
    assert done.returncode == 0 and done.stdout.startswith("$argon2id$")
    users = tmp_path / "users.yaml"
    users.write_text(f'users:\n  - name: 王芳\n    password: "{done.stdout.strip()}"\n    edit: [xinbei]\n',
                     encoding="utf-8")
    loaded = Users.load(users)
    assert loaded.check_password("王芳", "办公室口令-2027") is not None
    assert loaded.check_password("王芳", "办公室口令-2028") is None and loaded.check_password("李强", "x") is None
