"""``python -m activitymon``."""

import sys

from activitymon.cli import main

sys.exit(main())
