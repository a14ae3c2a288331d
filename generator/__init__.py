"""notice-kit (通知工坊): draft, lint and complete the 全民终身学习活动周 notice."""

from pathlib import Path

#: the project root holds rules/, templates/ and profiles/ beside the package
ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
TEMPLATES_DIR = ROOT / "templates"
PROFILES_DIR = ROOT / "profiles"
