"""The layering is a checked fact: import-linter keeps the contracts declared in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def contracts() -> dict[str, tuple[set[str], set[str]]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {
        c["name"]: (set(c["source_modules"]), set(c["forbidden_modules"]))
        for c in config["contracts"]
        if c["type"] == "forbidden"
    }


def forbids(source: str, forbidden: set[str]) -> bool:
    return any(source in sources and forbidden <= banned for sources, banned in contracts().values())


def test_the_contracts_say_what_the_style_guide_asks() -> None:
    assert forbids("shiftboard.domain", {"shiftboard.store", "textual", "tinydb"})
    assert forbids("shiftboard.store", {"textual"})
    assert forbids("shiftboard.cli", {"textual", "shiftboard.tui"})
    assert forbids("shiftboard.services", {"textual", "shiftboard.tui"})


def test_no_contract_lets_indirect_imports_through() -> None:
    """With indirect imports allowed, a module that imports Textual, imported by the command line, would pass."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert not [c["name"] for c in config["contracts"] if c.get("allow_indirect_imports")]


def test_import_linter_finds_every_contract_kept() -> None:
    run = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert f"Contracts: {len(contracts())} kept, 0 broken." in report
