"""The environment whole processes are timed in: a regular (non-editable) install, as users run it.

`pip install -e` (how developers and CI install) puts a finder on every interpreter start: the
`__editable__…finder` module and what it imports (pathlib, importlib.util, urllib.parse) cost a bare
`python -c pass` about 10 ms (8 → 18 ms measured), and a command that imports pydantic 1–2 ms, since
pydantic imports most of those modules anyway. Users install a wheel. So the bench lays out what a
wheel install holds, in a throwaway virtual environment built on the same interpreter:

- a venv (no pip) whose site-packages reaches the current environment's site-packages through a `.pth`
  line: the same dependency files, while the `.pth` files in there (the editable finder) are not run;
- a copy of each top-level package the distribution installs (`top_level.txt`), byte-compiled, with the
  theme files the wheel carries inside it (`themes/` → `shiftboard/themes/`);
- the console script pip writes, whose `#!` names the new venv's interpreter.

No build backend and no network: `wheel` may be missing and the registry unreachable. The baselines of
the command-line rows run with this venv's interpreter too, so both sides of each ratio start alike.
When anything of it fails, the bench falls back to the current environment and says so.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import site
import sys
import sysconfig
import venv
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

DIST = "shiftboard"
SCRIPT = "shiftboard"


@dataclass(frozen=True)
class Install:
    python: str  # the interpreter every timed process (and its baseline) runs with
    script: str | None  # the `shiftboard` console script (None: none found; `python -m shiftboard.cli` instead)
    regular: bool  # a regular copy made by `regular_install` (False: the current environment as it is)
    description: str

    def command(self) -> list[str]:
        """How a person runs `shiftboard`."""
        return [self.script] if self.script else [self.python, *self.program()]

    def program(self) -> list[str]:
        """What follows the interpreter's own options to run `shiftboard` (for `python -X importtime …`)."""
        return [self.script] if self.script else ["-m", "shiftboard.cli"]


def is_editable() -> bool:
    """Whether the current environment holds the package as `pip install -e` left it (PEP 610)."""
    try:
        text = _distribution().read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return False
    try:
        return bool(text and json.loads(text).get("dir_info", {}).get("editable"))
    except ValueError:
        return False


def current() -> Install:
    """The environment the bench itself runs in, as it is (editable or not)."""
    script = Path(sys.executable).parent / SCRIPT
    found = str(script) if script.exists() else shutil.which(SCRIPT)
    kind = "an editable install" if is_editable() else "a regular install"
    return Install(sys.executable, found, regular=False, description=f"the current environment ({kind})")


def regular_install(target: Path) -> Install:
    """A venv at `target` holding a byte-compiled regular copy of the package; see the module docstring."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt", clear=True).create(target)
    python = _venv_python(target)
    purelib = Path(
        sysconfig.get_path("purelib", vars={"base": str(target), "platbase": str(target)}, scheme="venv")
        if "venv" in sysconfig.get_scheme_names()
        else sysconfig.get_path("purelib", vars={"base": str(target), "platbase": str(target)})
    )
    purelib.mkdir(parents=True, exist_ok=True)
    dependencies = [path for path in site.getsitepackages() if Path(path).is_dir()]
    (purelib / "_bench_dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")
    for package in _top_level_packages():
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"cannot find the package {package!r} to copy")
        source = Path(next(iter(spec.submodule_search_locations)))
        shutil.copytree(source, purelib / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        themes = source.parent / "themes"  # data the wheel carries as shiftboard/themes (pyproject's package-dir)
        if package == DIST and themes.is_dir() and not (purelib / package / "themes").exists():
            shutil.copytree(themes, purelib / package / "themes")
        if not compileall.compile_dir(purelib / package, quiet=1):
            raise RuntimeError(f"byte-compiling the copy of {package} failed")
    script = _console_script(target, python)
    return Install(
        str(python),
        str(script),
        regular=True,
        description=f"a regular (non-editable), byte-compiled copy of the package in a temporary venv on "
        f"Python {sys.version.split()[0]}, its dependencies those of this environment",
    )


def prepare(target: Path) -> tuple[Install, str]:
    """The install to time whole processes with, and a note on it for the report."""
    editable = is_editable()
    try:
        install = regular_install(target)
    except (OSError, RuntimeError, metadata.PackageNotFoundError) as error:
        install = current()
        return install, (
            f"Whole processes were timed in {install.description}: making a regular copy failed ({error}). "
            + ("The editable finder adds ~10 ms to every start, the baselines' included." if editable else "")
        )
    where = "editable (`pip install -e`)" if editable else "a regular install"
    return install, (
        f"The environment the bench ran from is {where}. Whole processes (command-line actions, `verify`, the "
        f"board's start) and their baselines were timed in {install.description} (bench/install.py): what "
        "users run, with no editable finder on any start. The baselines run with that same interpreter."
    )


def _distribution() -> metadata.Distribution:
    """The installed distribution, looked for in site-packages only: run from the repository, the current
    directory is on sys.path too, and its `shiftboard.egg-info` (no direct_url.json) would answer first."""
    found = next(iter(metadata.distributions(name=DIST, path=site.getsitepackages())), None)
    if found is None:
        raise metadata.PackageNotFoundError(DIST)
    return found


def _top_level_packages() -> list[str]:
    text = _distribution().read_text("top_level.txt") or DIST
    return [line.strip() for line in text.splitlines() if line.strip()]


def _venv_python(target: Path) -> Path:
    name = "python.exe" if os.name == "nt" else "python"
    return target / ("Scripts" if os.name == "nt" else "bin") / name


def _console_script(target: Path, python: Path) -> Path:
    """The console script exactly as pip writes it (pip's own template), pointing at the venv's interpreter."""
    (entry,) = [ep for ep in _distribution().entry_points if ep.group == "console_scripts" and ep.name == SCRIPT]
    module, _, attribute = entry.value.partition(":")
    script = python.parent / SCRIPT
    script.write_text(
        f"#!{python}\n"
        "# -*- coding: utf-8 -*-\n"
        "import re\n"
        "import sys\n"
        f"from {module} import {attribute}\n"
        "if __name__ == '__main__':\n"
        "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
        f"    sys.exit({attribute}())\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script
