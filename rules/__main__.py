"""``python -m rules`` runs the ``ledger-rules`` command line."""

import sys

from rules.cli import main

sys.exit(main())
