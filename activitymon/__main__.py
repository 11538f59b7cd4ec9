"""``python -m activitymon``, and the entry script of the frozen bundles."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First, before anything is imported: in a frozen bundle, a report-reading worker
    # is this executable started again, and this turns it into the worker (and ends
    # it there) instead of a second application. Without a bundle it does nothing.
    multiprocessing.freeze_support()

    from activitymon.cli import main

    sys.exit(main())
