"""`python -m shiftboard`, the same as the `shiftboard` command."""

import sys

from shiftboard.cli import main

sys.exit(main())
