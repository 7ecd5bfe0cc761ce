"""Store failures, each with a sentence that names the file and what to do."""


class StoreError(Exception):
    """The store cannot be used as asked (permissions, missing, busy)."""


class StoreCorrupt(StoreError):
    """A file that does not parse or validate; the store refuses to write until it is repaired."""


class StoreBusy(StoreError):
    """Another process held the lock for longer than we wait."""
