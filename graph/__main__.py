"""``python -m graph``: the same as the ``dotscale`` command."""

import sys

from .cli import main

sys.exit(main())
