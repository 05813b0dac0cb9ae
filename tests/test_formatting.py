"""Row heights of wrapped cells (ikixl.formatting.wrapped_lines, row_height)."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from ikixl.formatting import LINE_HEIGHT, MAX_ROW_HEIGHT, row_height, wrapped_lines


def test_lines_by_hand() -> None:
    assert wrapped_lines("Dinas Sosial", 30) == 1
    assert wrapped_lines("Dinas\nSosial", 30) == 2  # a line break is a line, however short
    assert wrapped_lines("", 30) == 1
    # 12 words of 5 letters in 17 characters a line: three words (5 + 1 + 5 + 1 + 5 = 17) a line
    assert wrapped_lines(" ".join(["abcde"] * 12), 17.9) == 4
    assert wrapped_lines(" ".join(["abcde"] * 12), 16) == 6  # two words (11 characters) a line
    assert wrapped_lines("abcde " * 3 + "\nx", 5) == 4  # three lines, then the line after the break


@given(
    st.text(alphabet=st.sampled_from(list("ab \n")), max_size=80),
    st.floats(min_value=0, max_value=40, allow_nan=False),
)
def test_lines_are_what_textwrap_makes_of_each_line(text: str, width: float) -> None:
    """The rule: every line (between breaks) takes one row line when it fits, else as many as
    textwrap wraps it to (at least one)."""
    per_line = max(1, int(width))
    expected = sum(1 if len(part) <= per_line else max(1, len(textwrap.wrap(part, per_line)))
                   for part in text.split("\n"))
    assert wrapped_lines(text, width) == expected


def test_row_height() -> None:
    assert row_height([("pendek", 20)]) is None  # one line: the default height
    assert row_height([("pendek", 20), ("a\nb\nc", 20)]) == 3 * LINE_HEIGHT
    assert row_height([("\n" * 100, 20)]) == MAX_ROW_HEIGHT
