"""Every byte on disk: lock, event log, snapshots, archives, hash chain, verify. No Textual."""

from shiftboard.store.errors import StoreBusy, StoreCorrupt, StoreError
from shiftboard.store.store import Store, Transaction

__all__ = ["Store", "StoreBusy", "StoreCorrupt", "StoreError", "Transaction"]
