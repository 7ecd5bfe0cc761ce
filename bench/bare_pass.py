"""verify's baseline: the least any check of the hash chain must do, over the same logs verify walks.

    python bench/bare_pass.py STORE

Reads every line of `STORE/log/*.jsonl` in order, parses it with json.loads and takes the sha256
of its bytes; prints the line count. Standard library only, so it starts like `python -c pass`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys


def bare_pass(root: str) -> int:
    directory = os.path.join(root, "log")
    lines = 0
    for name in sorted(n for n in os.listdir(directory) if n.endswith(".jsonl") and not n.startswith(".")):
        with open(os.path.join(directory, name), "rb") as handle:
            for line in handle:
                json.loads(line)
                hashlib.sha256(line).hexdigest()
                lines += 1
    return lines


if __name__ == "__main__":
    print(bare_pass(sys.argv[1]))
