"""The plain walk (a profile with no alias, tag or merge key) reads what the general one does."""

from pathlib import Path

import pytest

from generator import PROFILES_DIR, profile_yaml
from generator.validation import ProfileError


def _general(text: str):
    loader = profile_yaml._LineLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict = {}
        return profile_yaml._build(loader, node, (), lines, set()), lines
    finally:
        loader.dispose()


@pytest.mark.parametrize("path", sorted(Path(PROFILES_DIR).rglob("*.yaml")), ids=lambda p: p.parent.name + "/" + p.name)
def test_plain_walk_gives_the_same_values_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert profile_yaml._load_with_lines(text) == _general(text)


def test_values_of_every_scalar_kind_and_their_lines() -> None:
    text = "a: 1\nb: true\nc: 2024-11-02\nd: '1'\ne:\n- x\n- 2.5\n- null\nf: {g: h}\n"
    data, lines = profile_yaml._load_with_lines(text)
    assert (data, lines) == _general(text)
    assert data["a"] == 1 and data["b"] is True and data["d"] == "1" and data["e"] == ["x", 2.5, None]
    assert lines[("e", 1)] == 7 and lines[("f", "g")] == 9


def test_duplicate_key_and_impossible_date_still_refused() -> None:
    for text, word in (("a: 1\na: 2\n", "重复"), ("d: 2023-02-29\n", "")):
        with pytest.raises(ProfileError) as exc:
            profile_yaml.read_yaml(Path("x.yaml"), text)
        assert word in str(exc.value.problems[0].message)
