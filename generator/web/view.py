"""The explain JSON as the rows of the node page's table: element, value, rule, strength, source."""

from __future__ import annotations

from typing import Any

# lint's severities; a rule's own ``strength`` (规定/惯例/建议) is shown instead when it has one
STRENGTH_CN = {"error": "必备", "warning": "应当", "info": "建议"}
ELEMENT_CN = {"issuers": "发文机关", "doc_number": "发文字号", "title": "标题", "recipients": "主送机关",
              "opening": "开篇", "theme": "活动主题", "four_ones": "四个一", "contacts": "联系人",
              "signature": "成文日期", "imprint": "版记"}
IMPRINT_CN = {"cc": "抄送", "office": "印发机关", "date": "印发日期"}


def _value(ex: dict[str, Any], key: str) -> str:
    v = ex.get("signature_date" if key == "signature" else key)
    if key == "issuers":
        return "、".join(o["name"] for o in v)
    if key == "contacts":
        return "；".join("，".join(x for x in c.values() if x) for c in v)
    if key == "imprint":
        return "，".join(f"{IMPRINT_CN.get(k, k)}：{x}" for k, x in v.items())
    if isinstance(v, list):
        return "、".join(map(str, v))
    return str(v or "")


def explain_rows(ex: dict[str, Any]) -> list[dict[str, Any]]:
    rules = ex.get("rules", {})

    def row(label: str, value: str, rule: str, source: str, depth: int = 0) -> dict[str, Any]:
        r = rules.get(rule, {})
        strength = r.get("strength") or STRENGTH_CN.get(r.get("severity", ""), r.get("severity", ""))
        return {"label": label, "value": value, "rule": rule, "rule_title": r.get("title", ""),
                "when": r.get("when", ""), "rule_source": r.get("source", ""), "strength": strength,
                "source": source, "depth": depth}

    prov = ex.get("provenance", {})
    out = [row(ELEMENT_CN.get(k, k), _value(ex, k), p["rule"], p["source"])
           for k, p in prov.items() if k in ("issuers", "doc_number", "title", "recipients")]
    out += [row(f"引用{i}", f"{c['issuer']}《{c['title']}》{c['doc_number']}", c["rule"], c["source"])
            for i, c in enumerate(ex.get("citations", []), 1)]
    out += [row(ELEMENT_CN.get(k, k), _value(ex, k), p["rule"], p["source"])
            for k, p in prov.items() if k in ("opening", "theme", "four_ones")]
    if ex.get("week"):
        w = ex["week"]
        out.append(row("活动周", f"{w['start']} — {w['end']}", w["rule"], w["source"]))

    def sections(items: list[dict], depth: int) -> None:
        for s in items:
            text = " ".join(s["paragraphs"])
            out.append(row(f"{s['label']}{s['heading']}", text, s["rule"], s["source"], depth))
            sections(s["children"], depth + 1)

    sections(ex.get("sections", []), 0)
    out += [row("报送时限", f"{d['date']} {d['what']}", d["rule"], d["source"]) for d in ex.get("deadlines", [])]
    out += [row(f"附件{i}", a["title"], a["rule"], a["source"]) for i, a in enumerate(ex.get("attachments", []), 1)]
    out += [row(ELEMENT_CN.get(k, k), _value(ex, k), p["rule"], p["source"])
            for k, p in prov.items() if k in ("contacts", "signature", "imprint")]
    return out
