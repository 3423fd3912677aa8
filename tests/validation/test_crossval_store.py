"""The campaign journal, its lock and the atomic output files."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import pytest

from alpseesaw.errors import InputError
from alpseesaw.validation.store import JOURNAL_FILE, Journal, campaign_lock, clean_json, write_json

if TYPE_CHECKING:
    from pathlib import Path


def test_append_and_read_back(tmp_path: Path) -> None:
    with Journal(tmp_path) as j:
        j.append({"key": "a", "x": 1.5})
        j.append({"key": "b", "x": math.nan, "y": [math.inf, 2.0]})
    records = Journal(tmp_path).read()
    assert records == [{"key": "a", "x": 1.5}, {"key": "b", "x": None, "y": [None, 2.0]}]
    assert (tmp_path / JOURNAL_FILE).read_text().count("\n") == 2


def test_latest_record_wins(tmp_path: Path) -> None:
    with Journal(tmp_path) as j:
        j.append({"key": "a", "status": "error"})
        j.append({"key": "a", "status": "ok"})
    assert Journal(tmp_path).latest() == {"a": {"key": "a", "status": "ok"}}


def test_torn_last_line_is_ignored_then_cut_off(tmp_path: Path) -> None:
    path = tmp_path / JOURNAL_FILE
    path.write_bytes(b'{"key":"a"}\n{"key":"b","x":1')  # a writer killed mid-line
    assert [r["key"] for r in Journal(tmp_path).read()] == ["a"]
    with Journal(tmp_path) as j:
        j.append({"key": "c"})
    assert path.read_text() == '{"key":"a"}\n{"key":"c"}\n'


def test_damage_in_the_middle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_FILE).write_text('{"key":"a"}\nnot json\n{"key":"c"}\n')
    with pytest.raises(InputError, match="line 2: not a JSON record"):
        Journal(tmp_path).read()
    (tmp_path / JOURNAL_FILE).write_text('{"no_key":1}\n')
    with pytest.raises(InputError, match="line 1: not a point record"):
        Journal(tmp_path).read()


def test_missing_journal_is_empty(tmp_path: Path) -> None:
    assert Journal(tmp_path / "new").read() == []


def test_lock_is_exclusive(tmp_path: Path) -> None:
    with (
        campaign_lock(tmp_path),
        pytest.raises(InputError, match="another crossval campaign is running"),
        campaign_lock(tmp_path),
    ):
        pass
    with campaign_lock(tmp_path):  # released
        pass


def test_write_json_is_strict_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = write_json(tmp_path / "s.json", {"a": math.nan, "b": (1, 2)})
    assert json.loads(path.read_text()) == {"a": None, "b": [1, 2]}
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert clean_json({"x": [1.0, -math.inf]}) == {"x": [1.0, None]}
