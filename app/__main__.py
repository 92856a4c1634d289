"""`python -m app`: start the window, or run a headless command."""

import sys

from app.cli import main

sys.exit(main())
