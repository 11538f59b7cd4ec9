"""``python -m activitymon``, and the entry script of the frozen bundles."""

import sys

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # First, before anything is imported: in a frozen bundle, a report-reading
        # worker is this executable started again, and this turns it into the worker
        # (and ends it there) instead of a second application. Outside a bundle it
        # does nothing, and multiprocessing loads only when a pool starts.
        import multiprocessing

        multiprocessing.freeze_support()

    from activitymon.cli import main

    sys.exit(main())
