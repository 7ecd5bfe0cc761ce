"""`shiftboard verify` and witnesses (SPEC §6 "Tamper evidence, honestly"): the chain alone cannot tell
that its last events were cut off; the witness of a user whose processes wrote them can."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import Cli
from .helpers import add_args, new_id


def test_events_cut_off_the_end_pass_the_chain_but_not_the_witness(cli: Cli, store: str, tmp_path: Path) -> None:
    hid = new_id(cli(*add_args(store)).out)
    assert cli("ack", hid, "--as", "bob", "--note", "On it", "--store", store).code == 0
    assert cli("comment", hid, "--as", "alice", "--note", "Called her", "--store", store).code == 0
    clean = cli("verify", "--store", store)
    assert clean.code == 0 and "note: checked against this user's witness" in clean.out
    witness = next((Path(tmp_path) / "xdg-state" / "shiftboard" / "witness").glob("*.jsonl"))
    handed = tmp_path / "alices-witness.jsonl"
    shutil.copy(witness, handed)  # a colleague hands a supervisor their witness file

    log = next((Path(store) / "log").glob("*.jsonl"))
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:-2]))  # the last two events cut off: the chain that is left still links
    witness.unlink()  # this user's own witness gone too: the chain alone passes
    alone = cli("verify", "--store", store)
    assert alone.code == 0 and "note: no witness: this user has none for this store" in alone.out

    caught = cli("verify", "--witness", str(handed), "--store", store)
    assert caught.code == 1
    line = caught.one_error_line()
    assert line.startswith("shiftboard: verify failed: ") and "cut off" in line and str(handed) in line
