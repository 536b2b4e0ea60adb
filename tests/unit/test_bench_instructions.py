"""bench.instructions reads callgrind's dump files and compares saved runs (no measuring here)."""

from __future__ import annotations

import pytest

from bench.instructions import change, comparison, read_dump, read_dumps, table

DUMP = """# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 15216
cmd:  /work/.venv/bin/python -m bench.instructions
part: 2

desc: I1 cache:
desc: Timerange: Basic block 200027 - 2227155
desc: Trigger: Client Request: bench.instructions:case view

positions: line
events: Ir
summary: 10578366

ob=(5) /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
fn=(790) strcmp
131 1

totals: 10578366
"""

TERMINATION = """# callgrind format
desc: Trigger: Program termination
summary: 18446744073698973250
totals: 2202
"""


def test_a_dump_gives_its_label_and_total():
    assert read_dump(DUMP) == ("case view", 10578366)


def test_the_dump_at_termination_has_no_label():
    assert read_dump(TERMINATION) == (None, 2202)


def test_a_dump_without_totals_is_an_error():
    with pytest.raises(ValueError):
        read_dump("# callgrind format\ndesc: Trigger: Client Request: bench.instructions:x\n")


def test_dumps_are_read_by_label(tmp_path):
    (tmp_path / "callgrind.out.1").write_text(
        DUMP.replace("case view", "hello").replace("10578366", "8000000")
    )
    (tmp_path / "callgrind.out.2").write_text(DUMP)
    (tmp_path / "callgrind.out").write_text(TERMINATION)
    (tmp_path / "callgrind.out.3").write_text("")  # being written when the process ended
    assert read_dumps(tmp_path) == {"hello": 8000000, "case view": 10578366}


def _results(**pages):
    return {
        "database": "sqlite",
        "requests": 5,
        "commit": "abc1234",
        "when": "2026-12-04 16:00 UTC",
        "hello": {"instructions": 800_000, "statements": 0, "bytes": 5},
        "pages": {
            name: {"instructions": instructions, "statements": statements, "bytes": size, "fragment": False}
            for name, (instructions, statements, size) in pages.items()
        },
    }


def test_change_in_per_cent():
    assert change(10_000_000, 9_000_000) == "-10.0%"
    assert change(10_000_000, 10_000_000) == "0.0%"
    assert change(0, 5) == "new"


def test_the_table_shows_hello_over_the_page():
    text = table(_results(inbox=(8_000_000, 3, 8028)))
    assert "inbox" in text and "8.00" in text and "10.0%" in text


def test_the_comparison_shows_before_after_and_what_changed():
    before = _results(inbox=(8_000_000, 3, 8028), gone=(1_000_000, 1, 10))
    after = _results(inbox=(6_000_000, 2, 8028), new=(2_000_000, 1, 10))
    lines = comparison(before, after).splitlines()
    inbox = next(line for line in lines if line.startswith("inbox"))
    assert "8.00 ->" in inbox and "6.00" in inbox and "-25.0%" in inbox and "3->2" in inbox
    assert "8028->" not in inbox  # unchanged bytes are shown once
    assert any(line.startswith("new") and "not in before" in line for line in lines)
    assert lines[-1] == "(measured before only: gone)"
