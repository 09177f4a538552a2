"""glibc malloc settings for a build process (Linux; elsewhere a no-op).

GE's pandas metrics allocate and free buffers of hundreds of MB again and again (a boolean mask, a
filtered copy per expectation). By default glibc serves those with fresh mmap'd pages and returns
them to the OS when freed, so every allocation is page-faulted anew. Keeping freed memory in the
heap for reuse cut the validation of 10M readings from about 11.7 to 9.7 s (peak RSS +0.05 GB).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3
MMAP_THRESHOLD = 32 * 2**20      # glibc's maximum: blocks below it come from the reusable heap
TRIM_THRESHOLD = 16 * 2**30      # free heap kept before it is returned to the OS
TOP_PAD = 512 * 2**20            # heap grown in steps of this much


def keep_freed_memory() -> bool:
    """Apply the settings above; False when this is not glibc or INDSET_KEEP_FREED_MEMORY=0."""
    if os.environ.get("INDSET_KEEP_FREED_MEMORY") == "0":
        return False
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        return False
    if mallopt is None:
        return False
    return all(mallopt(param, value) == 1 for param, value in
               ((M_MMAP_THRESHOLD, MMAP_THRESHOLD), (M_TRIM_THRESHOLD, TRIM_THRESHOLD), (M_TOP_PAD, TOP_PAD)))
