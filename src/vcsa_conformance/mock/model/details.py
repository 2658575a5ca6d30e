"""The job details (GET .../backup/job/details): each job the mock ran, as a Details.Info.

A job's details follow from the job at ``now`` like its status does: task status RUNNING,
SUCCEEDED or FAILED for INPROGRESS, SUCCEEDED and FAILED (a cancelled job is FAILED);
``progress`` is the job's percentage as ``completed`` of a ``total`` of 100; ``duration``
the whole seconds since the start, or from start to end once finished; ``size`` the bytes
transferred, the parts' size in proportion to the progress (VMware names no unit).
Date-times are written the conformant way (the time faults belong to job statuses).
"""

from __future__ import annotations

from typing import Any

from vcsa_conformance.contract.api import (
    FAILED,
    INPROGRESS,
    JOB_SERVICE,
    SCHEDULED,
    SCHEDULES_SERVICE,
    SUCCEEDED,
)
from vcsa_conformance.contract.timestamps import format_rfc3339
from vcsa_conformance.mock.model.errors import message
from vcsa_conformance.mock.model.jobs import Job

_TASK_STATUS = {INPROGRESS: "RUNNING", SUCCEEDED: "SUCCEEDED", FAILED: "FAILED"}
_MEGABYTE = 1 << 20


def job_details(job: Job, now: float, version: str, build: str) -> dict[str, Any]:
    """The Details.Info of ``job`` at ``now`` on an appliance of this version and build."""
    origin = job.origin
    state = job.state(now)
    progress = job.progress(now)
    scheduled = origin.kind == SCHEDULED
    details: dict[str, Any] = {
        "location": origin.location,
        "location_user": origin.location_user,
        "type": origin.kind,
        "duration": int(min(now, job.end) - job.start),
        "size": origin.size_mb * _MEGABYTE * progress // 100,
        "progress": {
            "total": 100,
            "completed": progress,
            "message": message(
                f"{JOB_SERVICE}.progress", f"Backup is {progress}% done.", str(progress)
            ),
        },
        "messages": job.messages(now),
        "build": {
            "version_name": f"{'.'.join(version.split('.')[:3])} GA",
            "version": version,
            "build_number": build,
        },
        "fast_backup": origin.fast_backup,
        "description": message(f"{JOB_SERVICE}.description", "Backup of the appliance."),
        "service": SCHEDULES_SERVICE if scheduled else JOB_SERVICE,
        "operation": "run" if scheduled else "create",
        "status": _TASK_STATUS.get(state, "FAILED"),
        "cancelable": state == INPROGRESS,
        "start_time": format_rfc3339(job.start),
    }
    if state != INPROGRESS:
        details["end_time"] = format_rfc3339(job.end)
    if state == FAILED:
        reasons = job.messages(now)
        details["error"] = reasons[-1]["default_message"] if reasons else "The backup failed."
    if origin.user is not None:
        details["user"] = origin.user
    return details
