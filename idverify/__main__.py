"""``python -m idverify``."""

import sys

from idverify.cli import main

sys.exit(main())
