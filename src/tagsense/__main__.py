"""``python -m tagsense``: the same as the ``tagsense`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
