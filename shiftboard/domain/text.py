"""Plain-text rules: what may be typed into a field, and how stored text is made safe to show.

Text is data, never markup: the board renders it literally; here we only refuse control
characters at input and make any that slipped into a store visible on output.
"""

from __future__ import annotations

import re

from shiftboard.domain.errors import Invalid

MAX_FIELD = 2000
MAX_SHORT = 200

# C0 controls except tab and newline, DEL, and C1 controls (ESC, CSI, OSC ...).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What a terminal or an editor may show as a new line.
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Lone surrogates cannot be encoded as UTF-8; the store would refuse them later.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_text(
    field: str, value: str, *, limit: int = MAX_FIELD, required: bool = False, one_line: bool = False
) -> str:
    """Return `value` unchanged if it may be stored in `field`, else refuse (`Invalid`) naming the field.

    `one_line` fields (names, contacts, references) refuse line breaks, so no line of theirs can pass
    for another field where they are printed."""
    if required and not value.strip():
        raise Invalid(field, "is required")
    if len(value) > limit:
        raise Invalid(field, f"is too long: {len(value):,} characters, at most {limit:,}")
    if one_line and _LINE_BREAK.search(value):
        raise Invalid(field, "must be one line: it holds a line break")
    bad = _CONTROL.search(value)
    if bad:
        raise Invalid(
            field,
            f"holds a control character ({_describe(bad.group())}); only plain text, tabs and newlines are allowed",
        )
    if _SURROGATE.search(value):
        raise Invalid(field, "holds an invalid character (a lone surrogate)")
    return value


def _describe(char: str) -> str:
    code = ord(char)
    return "ESC" if code == 0x1B else f"U+{code:04X}"


_PICTURES = {0x1B: "␛", 0x7F: "␡"}


def visible(text: str) -> str:
    """Make control characters and lone surrogates visible so nothing raw reaches a terminal."""

    def picture(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code in _PICTURES:
            return _PICTURES[code]
        if code < 0x20:
            return chr(0x2400 + code)  # the Control Pictures block: ␀ ␁ ...
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return _SURROGATE.sub(picture, _CONTROL.sub(picture, text))


# Titles and honorifics a name may open with: they are not the person's initials ("Mr Ben Müller" is B.M.).
TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "revd", "fr", "sr"}
    | {"mme", "mlle", "herr", "frau", "sig", "sra", "srta"}
)


def initials(name: str) -> str:
    """Customer initials for privacy mode: 'Ms J. Patel' -> 'J.P.', 'Mr Ben Müller' -> 'B.M.'.

    Leading titles are left out (a name that is only a title keeps it). Each word gives its first
    letter or digit, so a leading quote, bracket, RTL mark or zero-width character (pasted names
    carry them) does not hide the initial.
    """
    words = [word for word in re.split(r"[\s.]+", name) if any(c.isalnum() for c in word)]
    while len(words) > 1 and "".join(c for c in words[0] if c.isalnum()).lower() in TITLES:
        words = words[1:]
    letters = [next(c for c in word if c.isalnum()) for word in words]
    return ".".join(letters).upper() + "." if letters else "?"
