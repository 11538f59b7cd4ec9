"""Where the rows were read: the files of ``apple-oss-distributions/xnu`` they cite most
and the tags that stand for the embedded-only releases."""

from __future__ import annotations

KMS = "bsd/kern/kern_memorystatus.c"
NOTIFY = "bsd/kern/kern_memorystatus_notify.c"
POLICY = "bsd/kern/kern_memorystatus_policy.c"
HEADER = "bsd/sys/kern_memorystatus.h"

#: iOS 6's xnu-2107 has no public tag: its line is read at xnu-2050
T2050 = "xnu-2050.48.11"
#: iOS 7's xnu-2423 likewise, at xnu-2422
T2422 = "xnu-2422.1.72"
