"""``python -m budget``: the ``bcf`` command line."""

import sys

from budget.cli import main

sys.exit(main())
