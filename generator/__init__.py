"""notice-kit (通知工坊): draft, lint and complete the 全民终身学习活动周 notice."""

import os
from pathlib import Path

#: the project root holds rules/, templates/ and profiles/ beside the package
ROOT = Path(__file__).resolve().parent.parent
#: NOTICE_KIT_RULES names another rules folder (a copy with a unit's own records, rules/lexicon/ in it)
RULES_DIR = Path(os.environ["NOTICE_KIT_RULES"]) if os.environ.get("NOTICE_KIT_RULES") else ROOT / "rules"
TEMPLATES_DIR = ROOT / "templates"
PROFILES_DIR = ROOT / "profiles"
