"""`python -m helpcentre`: the help centre's command line."""
from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
