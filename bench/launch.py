"""Run one command; print its start-to-exit seconds, its own peak RSS and its output, as JSON.

Measured from the bench's own process (hundreds of MB by then), a child's ru_maxrss would also
count the parent's pages it maps between fork and exec, and forking a large process takes time
of its own: this small launcher starts the command instead, so both figures are the command's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time


def main(argv: list[str]) -> None:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        report = {
            "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024,
            "returncode": process.returncode,
            "stdout": out.read().decode(errors="replace")[-4000:],
            "stderr": err.read().decode(errors="replace")[-4000:],
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1:])
