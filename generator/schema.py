"""Cerberus schemas for profile files: a node (``node.yaml``) and a yearly edition (``<year>.yaml``).

Field names are English (stable keys); the values are the facts, in Chinese, each file
carrying a ``source``. Field names are listed with their Chinese label in ``FIELD_CN``
so validation errors can name them in the user's language.
"""

from __future__ import annotations

from . import TEMPLATES_DIR
from .levels import LEVELS as _LEVELS

LEVELS = list(_LEVELS)
RECIPIENT_KINDS = [
    "school",  # 中小学、幼儿园
    "community_college",  # 社区培训学院、社区学院
    "community_centre",  # 镇（街道）社区教育中心
    "training_institution",  # 非学历教育培训机构
    "bureau",  # 下级教育行政部门
    "government_unit",  # 部委办局、成员单位
    "university",  # 高校
    "other",
]
DEADLINE_KINDS = ["plan", "schedule", "summary"]
#: the kinds of notice a node issues (templates/reading/vocabulary.yaml notice_kinds; rules' when.kind):
#: 活动周通知, 开幕式通知, 活动日通知, 转发通知
NOTICE_KINDS = ["week", "opening", "day", "forwarding"]
#: form kinds are the definitions in templates/forms/; naming another passed check-profile
#: and then failed in `notice forms`
FORM_KINDS = sorted(p.stem for p in (TEMPLATES_DIR / "forms").glob("*.yaml"))

_date = {"type": "date"}
_text = {"type": "string", "empty": False}
_texts = {"type": "list", "schema": _text}

#: the years a node-level fact that changes holds (an organ's name, a contact, the 印发机关):
#: a range (since/until) or the years it is known for; without them, the years of the node's
#: editions it was read from. A draft of another year prints it as 【待核实：…】.
_YEARS = {
    "since": {"type": "integer", "min": 1990, "max": 2100},
    "until": {"type": "integer", "min": 1990, "max": 2100},
    "years": {"type": "list", "schema": {"type": "integer", "min": 1990, "max": 2100}},
}

_contact = {
    "type": "dict",
    "schema": {
        "name": {"type": "string", "nullable": True},
        "phone": {"type": "string"},
        "email": {"type": "string"},
        "office": {"type": "string"},
        "address": {"type": "string"},  # 报送地址（淄教职字〔2024〕34号 六）
        "source": {"type": "string"},
        **_YEARS,
    },
}

_deadline_policy = {
    "type": "dict",
    "schema": {
        "kind": {"type": "string", "allowed": DEADLINE_KINDS, "required": True},
        "what": {**_text, "required": True},
        "working_days_before_week": {"type": "integer", "min": 1, "max": 60},
        "working_days_after_week": {"type": "integer", "min": 1, "max": 60},
        "materials": _texts,
        "form": {"type": "string", "allowed": FORM_KINDS},
        "form_title": {"type": "string"},
        "office": {"type": "string"},
        "contact": {"type": "integer", "min": 0},
        "source": {"type": "string"},
    },
}

_deadline_fact = {
    "type": "dict",
    "schema": {
        "kind": {"type": "string", "allowed": DEADLINE_KINDS, "required": True},
        "what": {**_text, "required": True},
        "date": {**_date, "required": True},
        "materials": _texts,
        "attachment": {"type": "integer", "min": 1},
        "office": {"type": "string"},
        "contact": {"type": "integer", "min": 0},
    },
}

_member = {
    "type": "dict",
    "schema": {
        "role": {**_text, "required": True},
        "name": {"type": "string", "nullable": True},
        "title": {"type": "string"},
    },
}

_committee = {
    "type": "dict",
    "schema": {
        "name": {**_text, "required": True},
        "members": {"type": "list", "schema": _member},
        "others": {"type": "string"},
        "bodies": {
            "type": "list",
            "schema": {
                "type": "dict",
                "schema": {
                    "name": {**_text, "required": True},
                    "members": {"type": "list", "schema": _member},
                    "others": {"type": "string"},
                },
            },
        },
    },
}

_office = {
    "type": "dict",
    "schema": {
        "location": {"type": "string"},
        "head": {"type": "string", "nullable": True},
        "members": {"type": "list", "schema": {"type": "string"}, "nullable": True},
        "duty": {"type": "string"},
        **_YEARS,
    },
}

_activity = {
    "type": "dict",
    "schema": {
        "heading": {**_text, "required": True},
        "text": {**_text, "required": True},
        "source": {"type": "string"},
    },
}

_week_policy = {
    "type": "dict",
    "schema": {
        "policy": {
            "type": "string",
            "allowed": ["nth_weekday", "after_superior_launch", "around_superior_launch"],
            "required": True,
        },
        "month": {"type": "integer", "min": 1, "max": 12},
        "weekday": {"type": "integer", "min": 1, "max": 7},
        "nth": {"type": "integer", "min": -5, "max": 5},
        "days": {"type": "integer", "min": 1, "max": 31},
        "offset_days": {"type": "integer", "min": -60, "max": 60},
        "note": {"type": "string"},
        "source": {"type": "string"},
    },
}

_launch = {
    "type": "dict",
    "schema": {
        "date": {**_date, "nullable": True},
        "place": {"type": "string"},
        "note": {"type": "string"},
    },
}

_attachment = {
    "type": "dict",
    "schema": {
        "title": {**_text, "required": True},
        "form": {"type": "string", "allowed": FORM_KINDS},
        # a source table that matches no form kind: its column headings (form: generic)
        "columns": {"type": "list", "schema": _text},
    },
}

_organ = {
    "type": "dict",
    "schema": {
        "name": {**_text, "required": True},
        "short": {"type": "string"},
        "seal": {"type": "string"},
        "code": {"type": "string"},
        **_YEARS,
        "renames": {"type": "string"},  # the organ key this one was renamed from (its name before)
    },
}

_recipients = {
    "type": "list",
    "schema": {
        "type": "dict",
        "schema": {
            "name": {**_text, "required": True},
            "kinds": {"type": "list", "schema": {"type": "string", "allowed": RECIPIENT_KINDS}},
        },
    },
}

_requirements = {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": {"type": "string"}}

#: a slip of the source text corrected in the profile (lint would flag it in every draft):
#: the field, the source's wording, the corrected one, and why
_corrections = {"type": "list", "schema": {"type": "dict", "schema": {
    "field": {**_text, "required": True}, "was": {**_text, "required": True},
    "now": {"type": "string", "required": True}, "why": {**_text, "required": True}}}}

NODE_SCHEMA: dict = {
    "id": {"type": "string", "regex": r"^[a-z][a-z0-9_]*$", "required": True},
    "name": {**_text, "required": True},
    "place": {"type": "string"},
    "level": {"type": "string", "allowed": LEVELS, "required": True},
    "parent": {"type": "string", "nullable": True},
    "county_level_city": {"type": "boolean"},
    "example": {"type": "string"},
    "source": {**_text, "required": True},
    "organs": {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": _organ},
    "recipients": _recipients,
    "defaults": {
        "type": "dict",
        "schema": {
            "source": {**_text, "required": True},
            "issuers": {"type": "list", "schema": {"type": "string"}},
            "doc_code": {"type": "string"},
            "kind": {"type": "string", "allowed": NOTICE_KINDS},  # the kind of notice the node issues
            "title": {"type": "string"},
            "purpose": {"type": "string"},
            "guiding": {"type": "string"},
            "week": _week_policy,
            "launch": _launch,
            "committee": _committee,
            "office": _office,
            "activities": {"type": "list", "schema": _activity},
            "four_ones": _texts,
            "deadlines": {"type": "list", "schema": _deadline_policy},
            "contacts": {"type": "list", "schema": _contact},
            "requirements": _requirements,
            "imprint_office": {"type": "string"},
            "imprint_years": {"type": "dict", "schema": _YEARS},
            "cc": {"type": "string"},
            # sealed: 署名 in rows under the seals (GB/T 9704 7.3.5.1); unsealed: 7.3.5.2
            "signature": {"type": "string", "allowed": ["sealed", "unsealed"]},
            # 文件 (GB/T 9704 7) or 信函 (10.1); unset: a 代字 ending in 函 makes a letter
            "format": {"type": "string", "allowed": ["文件", "信函"]},
            "corrections": _corrections,
        },
    },
}

EDITION_SCHEMA: dict = {
    "year": {"type": "integer", "min": 1990, "max": 2100, "required": True},
    "source": {**_text, "required": True},
    "issuer": {"type": "string"},  # how the edition is cited: 教育部办公厅等五部门
    "title": {"type": "string"},
    "cite_title": {"type": "string"},  # the title as cited when it differs from the issued one
    "kind": {"type": "string", "allowed": NOTICE_KINDS},  # the kind of this year's notice (default week)
    # notices the opening cites whose issuer is no superior in the tree (import keeps them as
    # read; drafting cites the chain's editions)
    "citations": {"type": "list", "schema": {"type": "dict", "schema": {
        "issuer": {"type": "string"}, "title": {"type": "string", "required": True},
        "doc_number": {"type": "string", "nullable": True}}}},
    "doc_number": {"type": "string", "nullable": True},
    "issuers": {"type": "list", "schema": {"type": "string"}},
    "recipients": _recipients,  # this year's groups, when they differ from the node's
    "purpose": {"type": "string"},
    "guiding": {"type": "string"},
    "theme": {"type": "string"},
    "theme_source": {"type": "string"},
    "window": {"type": "dict", "schema": {"start": _date, "end": _date}},
    "week": {"type": "dict", "schema": {"start": {**_date, "required": True}, "end": {**_date, "required": True}}},
    "week_note": {"type": "string"},  # the period as the notice words it when it gives no dates
    "launch": _launch,
    # a superior's own (全国总)开幕式 as the public record reports it; drafting does not cite it
    # (the 错开 sentence is about the local launch), lint and reviewers read it
    "opening": {"type": "dict", "schema": {**_launch["schema"], "source": {"type": "string"}}},
    "committee": _committee,
    "office": _office,
    "activities": {"type": "list", "schema": _activity},
    "four_ones": _texts,
    "deadlines": {"type": "list", "schema": _deadline_fact},
    "attachments": {"type": "list", "schema": _attachment},
    "contacts": {"type": "list", "schema": _contact},
    "requirements": _requirements,
    "date": _date,
    "imprint": {
        "type": "dict",
        "schema": {"office": {"type": "string"}, "date": _date, "cc": {"type": "string"}},
    },
    "flags": {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": {"type": "boolean"}},
    "division": _texts,  # 分工安排：who hosts / organises what (南昌市 2023 二（二）)
    # the State Council's holiday arrangement for the year (国务院办公厅 notice), used where
    # chinese-calendar has no data yet: days off (holidays) and worked weekend days (调休)
    "holidays": {"type": "dict", "schema": {
        "source": {**_text, "required": True},
        "days_off": {"type": "list", "schema": {"type": "dict", "schema": {
            "name": {**_text, "required": True}, "start": {**_date, "required": True},
            "end": {**_date, "required": True}}}},
        "workdays": {"type": "list", "schema": _date},
    }},
    # where each field was read (notice import): {field: "file 第N行"}
    "sources": {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": {"type": "string"}},
    "corrections": _corrections,
}

FIELD_CN = {
    "id": "编号", "name": "名称", "place": "地名", "level": "层级", "parent": "上级节点",
    "source": "来源", "organs": "发文机关", "recipients": "主送机关", "kinds": "单位类别",
    "defaults": "默认值", "issuers": "发文机关", "doc_code": "文号代字", "title": "标题",
    "purpose": "发文目的", "guiding": "指导思想", "week": "活动周", "launch": "启动仪式",
    "committee": "组织委员会", "office": "办公室", "activities": "活动内容", "four_ones": "四个一",
    "deadlines": "报送时限", "contacts": "联系人", "requirements": "具体要求", "year": "年份",
    "doc_number": "文号", "theme": "活动主题", "window": "上级时间窗口", "date": "日期",
    "imprint": "版记", "flags": "年度要求标记", "start": "开始日期", "end": "结束日期",
    "members": "成员", "role": "职务", "heading": "小标题", "text": "正文", "what": "报送内容",
    "materials": "报送材料", "attachment": "附件序号", "attachments": "附件", "form": "表单类型",
    "policy": "排期方式", "phone": "电话", "email": "电子邮箱", "code": "文号代字",
    "address": "地址", "division": "分工安排",
    "opening": "开幕式", "sources": "各项来源", "holidays": "节假日安排", "days_off": "放假日期",
    "workdays": "调休上班日期", "since": "起始年份", "until": "截止年份", "years": "所知年份",
    "renames": "更名前的机关", "imprint_years": "印发机关所知年份", "columns": "表头", "corrections": "原文更正",
    "was": "原文", "now": "更正为", "why": "更正理由",
}
