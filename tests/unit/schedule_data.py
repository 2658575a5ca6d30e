"""What the mock's schedule tests share, whichever protocol they speak: the users, a valid
schedule spec, a valid backup request and a settable clock."""

from __future__ import annotations

ADMIN = ("administrator@vsphere.local", "VMware1!")
READONLY = ("readonly@vsphere.local", "ReadOnly1!")
SPEC = {
    "parts": ["seat"],
    "backup_password": "Backup#2026",
    "location": "sftp://10.0.0.5/backups/vc01",
    "location_user": "backup",
    "location_password": "LocPassw0rd!",
    "recurrence_info": {"minute": 0, "hour": 2, "days": ["MONDAY", "FRIDAY"]},
    "retention_info": {"max_count": 7},
}
PIECE = {"parts": [], "location_type": "NFS", "location": "nfs://10.0.0.6/exports/vcsa"}


class Clock:
    """A settable clock so that job progress and session expiry are deterministic."""

    def __init__(self, now: float = 1_795_780_800.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
