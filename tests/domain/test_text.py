"""Plain text: refused at input when it holds control characters, made visible when a store holds them anyway."""

from __future__ import annotations

import pytest

from shiftboard.domain.errors import Refused
from shiftboard.domain.text import MAX_FIELD, check_text, initials, visible


def test_plain_text_tabs_and_newlines_pass_unchanged() -> None:
    text = "Line one\n\tindented [bold] 🙂 \u200f\u200d"
    assert check_text("summary", text) is text


@pytest.mark.parametrize(
    ("char", "name"), [("\x1b", "ESC"), ("\x00", "U+0000"), ("\x7f", "U+007F"), ("\x9b", "U+009B")]
)
def test_control_characters_are_refused_naming_field_and_character(char: str, name: str) -> None:
    with pytest.raises(Refused) as raised:
        check_text("outcome", f"ok{char}")
    assert raised.value.message == (
        f"outcome holds a control character ({name}); only plain text, tabs and newlines are allowed"
    )


def test_lone_surrogates_are_refused() -> None:
    with pytest.raises(Refused, match=r"^note holds an invalid character \(a lone surrogate\)$"):
        check_text("note", "half \ud83d a face")


def test_length_and_required() -> None:
    assert check_text("note", "x" * MAX_FIELD) == "x" * MAX_FIELD
    with pytest.raises(Refused, match=r"^note is too long: 2,001 characters, at most 2,000$"):
        check_text("note", "x" * (MAX_FIELD + 1))
    with pytest.raises(Refused, match=r"^name is too long: 11 characters, at most 10$"):
        check_text("name", "x" * 11, limit=10)
    with pytest.raises(Refused, match=r"^note is required$"):
        check_text("note", " \n\t", required=True)
    assert check_text("note", "") == ""


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "␛[31mred"),
        ("a\x00b", "a␀b"),
        ("bell\x07", "bell␇"),
        ("cr\rlf", "cr␍lf"),
        ("del\x7f", "del␡"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("nel\x85", "nel\\x85"),
        ("half \ud83d", "half \\ud83d"),
        ("keeps\ttabs\nand newlines", "keeps\ttabs\nand newlines"),
        ("[bold]markup[/] 🙂 \u202e", "[bold]markup[/] 🙂 \u202e"),
    ],
)
def test_visible_makes_every_control_character_and_surrogate_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_output_holds_nothing_a_terminal_would_act_on() -> None:
    every = "".join(chr(code) for code in range(0x00, 0xA0)) + "\ud800\udfff"
    shown = visible(every)
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in shown)
    shown.encode("utf-8")  # no lone surrogate left


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Ms J. Patel", "J.P."),
        ("Mr Ben Müller", "B.M."),
        ("Dr. Eva Li", "E.L."),
        ("Prof Sir Tim Lee", "T.L."),
        ("Ms", "M."),  # only a title: it is all there is to go by
        ("Mrs Miss", "M."),
        ("jane patel", "J.P."),
        ("Zoë  O'Brien-Smith", "Z.O."),
        ("\u200fمحمد علي", "م.ع."),  # an RTL mark in front does not hide the initial
        ('"Bob" (Baker)', "B.B."),
        ("李小龍", "李."),
        ("", "?"),
        ("  ", "?"),
        ("🙂", "?"),
    ],
)
def test_initials(name: str, letters: str) -> None:
    assert initials(name) == letters
