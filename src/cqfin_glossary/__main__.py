"""Run the command line as ``python -m cqfin_glossary``."""

import sys

from .cli import main

sys.exit(main())
