"""Entry script of the PyInstaller bundle: the same as `python -m app`."""

from app.cli import main

raise SystemExit(main())
