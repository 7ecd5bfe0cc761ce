"""`python -m bench`: build the stores, measure every budget of SPEC §5, print the table, write docs/BENCHMARKS.md.

`python -m bench --smoke` runs every code path on tiny stores in seconds (CI), writing nowhere unless --out is given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Figure, markdown, text_table
from bench.scenarios import FULL, SECTIONS, SMOKE, Bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny stores, a few repetitions: seconds, for CI")
    parser.add_argument(
        "--out",
        type=Path,
        help="where to write the Markdown report (default: docs/BENCHMARKS.md for a full run; else none)",
    )
    parser.add_argument("--workdir", type=Path, help="where the bench stores go (default: a new temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the bench stores afterwards")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    sections = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section {sorted(unknown)[0]!r}; choose from {', '.join(SECTIONS)}")
    out = (
        args.out
        if args.out is not None
        else (
            None
            if args.smoke or set(sections) != set(SECTIONS)
            else Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"
        )
    )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="shiftboard-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = SMOKE if args.smoke else FULL
    start = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    bench = Bench(workdir, sizes)
    try:
        figures: list[Figure] = bench.run(sections)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    seconds = time.perf_counter() - start
    print(text_table(figures))
    print(f"\n{seconds:.0f} s; {sizes.describe()}", file=sys.stderr)
    if out is not None:
        command = "python -m bench --smoke" if args.smoke else "python -m bench"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            markdown(
                figures,
                command=command,
                seconds=seconds,
                sizes=sizes.describe(),
                notes=bench.notes(),
                load=(load_at_start, os.getloadavg()[0]),
            ),
            encoding="utf-8",
        )
        print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
