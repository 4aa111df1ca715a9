"""A spec file that cannot be read says where, in one line, for every tool that reads it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from heygen_streaming.spec import SpecError, load_spec


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "flow.yaml",
            "openapi: 3.1.0\ninfo: [a?b\n",
            "flow.yaml, line 2, column 9: expected ',' or ']', but got '?'"
            " (while parsing a flow sequence)",
        ),
        (
            "tab.yaml",
            "openapi: 3.1.0\n\tinfo: {}\n",
            "tab.yaml, line 2, column 1: found character '\\t' that cannot start any token",
        ),
        (
            "comma.json",
            '{"openapi": "3.1.0",,}',
            "comma.json, line 1, column 21: Expecting property name enclosed in double quotes",
        ),
        (
            "list.yaml",
            "- openapi\n",
            "list.yaml: expected an OpenAPI document (a mapping), got list",
        ),
        ("empty.yaml", "", "empty.yaml: expected an OpenAPI document (a mapping), got NoneType"),
    ],
)
def test_a_spec_that_does_not_parse_names_the_file_line_and_column(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert str(caught.value).startswith(str(tmp_path / name))
    assert message in str(caught.value)


def test_a_missing_spec_file_is_a_spec_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"nowhere\.yaml: cannot read: .*No such file"):
        load_spec(tmp_path / "nowhere.yaml")


def test_a_spec_error_is_a_value_error_so_callers_that_catch_those_need_no_change() -> None:
    assert issubclass(SpecError, ValueError)


def test_a_yaml_spec_without_pyyaml_installed_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text("openapi: 3.1.0\n", "utf-8")
    monkeypatch.setitem(sys.modules, "yaml", None)  # makes `import yaml` raise ImportError
    with pytest.raises(SpecError, match=r"spec\.yaml: reading a YAML spec needs PyYAML"):
        load_spec(path)
