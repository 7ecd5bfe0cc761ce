"""The store's settings (`ack_within`, `lock_after`, `archive_after`, `retention`, `timezone`,
`require_read_back`): read by everyone, changed by a supervisor, each change an event."""

from __future__ import annotations

from typing import Any

from shiftboard.domain.events import Entity, EventKind
from shiftboard.domain.models import Settings
from shiftboard.services.base import DeskBase


class SettingsDesk(DeskBase):
    def set_setting(self, key: str, value: str, *, by: str | None = None) -> tuple[Settings, bool]:
        """Set `key` to `value` as typed (`15m`, `Europe/London`, `off`); returns the settings and whether
        anything changed (setting the value it already has writes nothing)."""
        from shiftboard.domain.settings import setting  # the registry: only a command that changes one loads it

        spec = setting(key)
        actor = self._admin_actor(by, f"changing {spec.key}")
        new = spec.parse(value)
        with self.store.transaction() as txn:
            self.authorize_admin(by, f"changing {spec.key}")  # again, on the latest state
            stored = txn.state.settings()
            current = Settings.model_validate(stored)
            old = getattr(current, spec.field)
            if old == new:
                return current, False
            data: dict[str, Any] = {"changes": {spec.field: [old, new]}}
            if not stored:  # the first change: the row starts as the defaults it was read as
                data["record"] = Settings().to_json()
            txn.append(self._event(EventKind.SETTINGS_SET, Entity.SETTINGS, None, actor, **data))
        self.follow_timezone()
        return self.settings(), True
