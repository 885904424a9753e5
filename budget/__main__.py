"""``python -m budget``: the ``bcf`` command line."""

import sys

from budget.console import main

sys.exit(main())
