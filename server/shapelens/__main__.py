"""``python -m shapelens``: Python puts the working folder first on sys.path for ``-m``; take it
off before importing anything else, so that files in the analysed project (a ``libcst.py``, an
``attr.py``) can never be imported in place of our dependencies."""

import os
import sys


def _drop_working_folder() -> None:
    cwd = os.path.realpath(os.getcwd())
    own = os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    keep = []
    for entry in sys.path:
        real = os.path.realpath(entry or ".")
        if real == cwd and real != own:
            continue
        keep.append(entry)
    sys.path[:] = keep


_drop_working_folder()

from shapelens.cli import main  # noqa: E402

raise SystemExit(main())
