"""BackupJobStatus answers as this appliance writes them.

First the conformant form of a job at ``now``; then the faults and variants that change how a
status (or any date-time) is written. Kept apart from the job model so that model stays the
truth and every deviation is visible in one place.
"""

from __future__ import annotations

from typing import Any

from vcsa_conformance.contract.api import INPROGRESS, JOB_SERVICE, NONE, SUCCEEDED
from vcsa_conformance.contract.timestamps import format_rfc3339
from vcsa_conformance.mock.model.errors import message
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.jobs import Job
from vcsa_conformance.mock.model.variants import Variant

OFFSET_MINUTES = 120  # Variant.ZONE_OFFSET_TIMES


class StatusWriter:
    """Writes job statuses and date-times with the configured faults and variants."""

    def __init__(self, faults: frozenset[Fault], variants: frozenset[Variant]) -> None:
        self._faults = faults
        self._variants = variants

    def time(self, seconds: float) -> str:
        """An RFC 3339 date-time (or, with Fault.TIMES_WITHOUT_ZONE, one without a zone)."""
        if Fault.TIMES_WITHOUT_ZONE in self._faults:
            return format_rfc3339(seconds, zone=False)
        if Variant.ZONE_OFFSET_TIMES in self._variants:
            return format_rfc3339(seconds, offset_minutes=OFFSET_MINUTES)
        return format_rfc3339(seconds)

    def job(self, job: Job, now: float) -> dict[str, Any]:
        """The BackupJobStatus of ``job`` at ``now``."""
        status = self._conformant(job, now)
        faults, variants = self._faults, self._variants
        if status["state"] == INPROGRESS:
            if Fault.PROGRESS_OUT_OF_RANGE in faults:
                status["progress"] = -1  # "unknown", as some emulators say
            if Fault.PROGRESS_PAST_100 in faults:
                status["progress"] = min(104, 2 * status["progress"])
            if Fault.PROGRESS_BACKWARDS in faults and job.reads % 2:
                status["progress"] = 99  # odd reads overshoot, even reads tell the truth
            if Fault.END_TIME_WHILE_RUNNING in faults:
                status["end_time"] = self.time(job.planned_end)
            elif Variant.NULL_END_TIME in variants:
                status["end_time"] = None
            if Fault.STATE_OUTSIDE_ENUM in faults:
                status["state"] = "RUNNING"
            if Variant.JOB_MESSAGES in variants:
                status["messages"] = [_progress_message(status["progress"])]
        else:
            if Fault.END_TIME_MISSING in faults:
                del status["end_time"]
            if status["state"] == SUCCEEDED and Fault.SUCCEEDED_BELOW_100 in faults:
                status["progress"] = 99
        return status

    def unknown(self, job_id: str, now: float) -> dict[str, Any] | None:
        """None: an unknown id is not found. Fault.UNKNOWN_JOB_200 (state NONE) and
        Fault.UNKNOWN_JOB_SUCCEEDED (a finished backup): the status a faulty appliance invents."""
        if not self._faults & {Fault.UNKNOWN_JOB_200, Fault.UNKNOWN_JOB_SUCCEEDED}:
            return None
        if Fault.UNKNOWN_JOB_SUCCEEDED in self._faults:
            return {
                "id": job_id,
                "state": SUCCEEDED,
                "messages": [],
                "progress": 100,
                "start_time": self.time(now - 60),
                "end_time": self.time(now),
            }
        return {
            "id": job_id,
            "state": NONE,
            "messages": [],
            "progress": 0,
            "start_time": self.time(now),
        }

    def _conformant(self, job: Job, now: float) -> dict[str, Any]:
        status: dict[str, Any] = {
            "id": job.id,
            "state": job.state(now),
            "messages": job.messages(now),
            "progress": job.progress(now),
            "start_time": self.time(job.start),
        }
        if not job.running(now):
            status["end_time"] = self.time(job.end)
        return status


def _progress_message(progress: int) -> dict[str, Any]:
    return message(f"{JOB_SERVICE}.progress", f"Backup is {progress}% done.", str(progress))
