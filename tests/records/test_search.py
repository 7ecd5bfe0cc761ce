"""History and search over open, closed and archived handovers (SPEC §1), on the Desk and the command line."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shiftboard.domain.errors import Invalid
from shiftboard.domain.search import KEEP_CASE, fold, make_query
from shiftboard.services import Desk
from shiftboard.store import scan

from .conftest import Cli
from .stores import ids

ID = ids()


def found(desk: Desk, text: str = "", **parts: object) -> list[str]:
    return [h.id for h in desk.search(make_query(text, **parts))]  # type: ignore[arg-type]


def test_text_is_found_in_every_month_of_the_archive_and_live(desk: Desk) -> None:
    assert (desk.store.root / "archive" / "2026-10.json").exists() and (
        desk.store.root / "archive" / "2026-11.json"
    ).exists()
    # "refund" is in every action: oldest first, the archive month by month, then the live ones
    assert found(desk, "REFUND the second") == list(ID.values())
    assert found(desk, "olga.oldest@EXAMPLE") == [ID["Olga Oldest"]]  # the contact, until purged
    assert found(desk, "after five", customer_ref="ref-nina") == [ID["Nina November"]]  # preferences and reference
    assert found(desk, "spoke to peter") == [ID["Peter October"]]  # a comment's note
    assert found(desk, "refund tina") == [ID["Tina Open"]]  # a read-back
    assert found(desk, "no such words") == []


def test_newest_first_reads_the_archive_backwards(desk: Desk) -> None:
    query = make_query("charged twice")
    assert [h.id for h in desk.search(query, newest_first=True)] == list(reversed(ID.values()))


def test_colleague_and_dates(desk: Desk) -> None:
    assert found(desk, colleague="carol") == []
    assert len(found(desk, colleague="bob")) == len(ID)
    november = found(desk, since=datetime(2026, 11, 1, tzinfo=UTC), until=datetime(2026, 11, 15, tzinfo=UTC))
    assert november == [ID["Nina November"], ID["Quentin Query"]]  # open at some moment in those days
    october_only = found(desk, until=datetime(2026, 10, 31, tzinfo=UTC))
    assert october_only == [ID["Olga Oldest"], ID["Peter October"]]


def test_the_archive_months_before_since_are_not_read(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = scan.read_file

    def spy(path: Path) -> bytes:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(scan, "read_file", spy)
    assert found(desk, "charged", since=datetime(2026, 11, 5, tzinfo=UTC)) == [
        ID["Quentin Query"], ID["Rita Recent"], ID["Sam Open"], ID["Tina Open"],
    ]  # fmt: skip
    assert "2026-10.json" not in read and "2026-11.json" in read


def test_case_is_ignored_letter_by_letter() -> None:
    assert fold("JOSÉ Ñandú") == "josé ñandú"
    assert fold("İSTANBUL \u212a") == "\u0130stanbul \u212a"  # kept: they would lower into ASCII
    every = (chr(code) for code in range(0x80, sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    lowers_to_ascii = {char for char in every if any(ord(c) < 0x80 for c in char.lower())}
    assert lowers_to_ascii == set(KEEP_CASE)  # store.scan skips rows safely only while this holds


def test_a_month_file_laid_out_otherwise_is_read_whole(desk: Desk) -> None:
    path = desk.store.root / "archive" / "2026-10.json"
    document = json.loads(path.read_bytes())
    path.write_text(json.dumps(document, indent=2))  # a hand-tidied file: no `"H-1": {"id": ...` on one line
    assert found(desk, "olga") == [ID["Olga Oldest"]]
    rows = [handover.id for handover in scan.handovers_holding(path.parent, ["olga"], since_month="2026-10")]
    # October is parsed whole, every row for the caller to check; November, laid out as written, gives none
    assert rows == [ID["Olga Oldest"], ID["Peter October"]]


def test_text_with_quotes_and_backslashes_is_found_as_json_writes_it(desk: Desk) -> None:
    desk.comment(ID["Sam Open"], by="alice", note='she said "call me" \\ not e-mail')
    assert found(desk, '"CALL me" \\') == [ID["Sam Open"]]
    assert scan.ascii_key('"call me" \\') == b'\\"call me\\" \\\\'


def test_a_bad_query_is_refused() -> None:
    with pytest.raises(Invalid, match="must be one line"):
        make_query("two\nlines")
    with pytest.raises(Invalid, match="not a colleague's handle"):
        make_query(colleague="Bob Baker")
    with pytest.raises(Invalid, match="must come after"):
        make_query(since=datetime(2026, 11, 2, tzinfo=UTC), until=datetime(2026, 11, 1, tzinfo=UTC))


def test_search_on_the_command_line(cli: Cli, root: Path) -> None:
    result = cli("search", "OLGA", "--store", str(root))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:2] == ["ID", "STATUS"]
    assert lines[1].startswith(f"{ID['Olga Oldest']}  ") and "closed" in lines[1] and "O.O. REF-OLGA" in lines[1]
    assert "Olga Oldest" not in result.out  # initials: the name is one `show` away
    assert lines[-1] == "1 handover found (times in UTC)"

    result = cli("search", "--colleague", "alice", "--since", "2026-11-20", "--json", "--store", str(root))
    assert [h["id"] for h in json.loads(result.out)] == [ID["Rita Recent"], ID["Sam Open"], ID["Tina Open"]]

    refused = cli("search", "--colleague", "zed", "--store", str(root))
    assert refused.code == 1 and refused.one_error_line() == "shiftboard: no colleague 'zed'"
    refused = cli("search", "--since", "last tuesday", "--store", str(root))
    assert refused.code == 1 and "--since cannot be read" in refused.one_error_line()
