"""The Appliance: ONE model of sessions, jobs, parts and schedules shared by every protocol.

The /api REST layer, the legacy /rest layer and JSON-RPC all call these methods and render
the results or the raised VapiError their own way. Every method is thread-safe (one lock,
held briefly; nothing blocks while holding it). Faults that do not depend on the wire format
live here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from vcsa_conformance.contract.api import (
    JOB_SERVICE,
    MANUAL,
    REQUIRED_PART,
    SCHEDULED,
    SCHEDULES_SERVICE,
)
from vcsa_conformance.contract.timestamps import format_rfc3339
from vcsa_conformance.mock.model import errors
from vcsa_conformance.mock.model.config import MockConfig, User
from vcsa_conformance.mock.model.details import job_details
from vcsa_conformance.mock.model.errors import VapiError, message
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.jobs import Job, JobStore, Origin, unreachable
from vcsa_conformance.mock.model.parts import PARTS, PARTS_BY_ID
from vcsa_conformance.mock.model.schedule_specs import create_request, read_spec, run_comment
from vcsa_conformance.mock.model.schedules import Schedule, ScheduleStore
from vcsa_conformance.mock.model.sessions import Session, SessionStore
from vcsa_conformance.mock.model.status import StatusWriter
from vcsa_conformance.mock.model.validation import BackupRequest, invalid_input, job_notes, validate
from vcsa_conformance.mock.model.variants import Variant

PRODUCT = "VMware vCenter Server (vcsa-conformance mock)"


class Appliance:
    """Sessions, backup jobs, parts and schedules of one simulated appliance."""

    def __init__(self, config: MockConfig, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self._faults = config.faults
        self._variants = config.variants
        self._clock = clock
        self._lock = threading.Lock()
        self._statuses = StatusWriter(config.faults, config.variants)
        self._sessions = SessionStore(config.session_idle_seconds, config.max_sessions)
        self._jobs = JobStore(
            config.build, config.max_jobs, uuid_ids=Variant.OTHER_ID_FORMAT in config.variants
        )
        self._schedules = ScheduleStore(config.max_schedules)
        self._backups_started = 0
        self._installed = clock()

    def usage(self) -> tuple[int, int]:
        """Backups started since the appliance came up, and jobs running now: what a test
        harness checks a conformance run against (its budget, its cleanup)."""
        with self._lock:
            return self._backups_started, self._jobs.running_count(self._clock())

    # sessions ---------------------------------------------------------------------------

    def login(self, username: str, password: str) -> str:
        """A new session token for valid credentials; 401 UNAUTHENTICATED otherwise."""
        user = self.config.user(username)
        accepted = user is not None and (
            user.password == password or Fault.WRONG_CREDENTIALS_ACCEPTED in self._faults
        )
        if user is None or not accepted:
            raise errors.login_failed()
        with self._lock:
            return self._sessions.create(user, self._clock())

    def session_info(self, token: str | None) -> dict[str, Any]:
        """The session's Info: user, created_time, last_accessed_time."""
        with self._lock:
            session = self._session(token, self._clock(), anonymous_ok=False)
            return {
                "user": session.user.name,
                "created_time": self._statuses.time(session.created),
                "last_accessed_time": self._statuses.time(session.last_accessed),
            }

    def logout(self, token: str | None) -> None:
        """End the session of ``token``; 401 if it is not a live session."""
        with self._lock:
            self._session(token, self._clock(), anonymous_ok=False)
            if token is not None and Fault.DELETED_SESSION_ACCEPTED not in self._faults:
                self._sessions.delete(token)

    def authenticate(
        self, token: str | None, *, write: str | None = None, service: str = JOB_SERVICE
    ) -> None:
        """401 unless ``token`` is a live session; 403 if ``write`` names an operation (of
        ``service``) the session's user may not call. Lets protocol layers authenticate before
        parsing bodies."""
        with self._lock:
            now = self._clock()
            if write is None:
                self._session(token, now)
            else:
                self._writer(token, now, write, service=service)

    # jobs -------------------------------------------------------------------------------

    def create_job(
        self, token: str | None, request: object, *, check_busy: bool = True
    ) -> dict[str, Any]:
        """Start a backup: the new BackupJobStatus, or VapiError (400, 401, 403, 500)."""
        with self._lock:
            now = self._clock()
            if Variant.CREATE_RACES_BACKUP_END in self._variants:
                self._end_on_third_create(now)
            backup, session = self._check_create(token, request, now, check_busy=check_busy)
            job = self._start(now, backup.host, _origin(MANUAL, backup, session))
            job.notes.extend(job_notes(backup, self._faults))
            status = self._statuses.job(job, now)
            if Fault.CREATED_JOB_ID_EMPTY in self._faults:
                status["id"] = ""
            if Fault.CREATE_FIELD_MISSING in self._faults:
                del status["start_time"]
            if Fault.CREATE_FIELD_MISTYPED in self._faults:
                status["progress"] = str(status["progress"])
            return status

    def check_create(self, token: str | None, request: object) -> None:
        """Every check of create_job without starting a job (used by the race fault)."""
        with self._lock:
            self._check_create(token, request, self._clock(), check_busy=True)

    def validate_backup(self, token: str | None, request: object) -> dict[str, Any]:
        """POST .../backup?action=validate: a ReturnResult, or VapiError like create. No job
        starts. A location a backup could not reach (``config.unreachable``: the mock's rule
        for backups that fail) is status FAIL with the message the failed job would carry."""
        with self._lock:
            now = self._clock()
            # create's input faults are create's: validate checks its input by itself (one
            # fault, one requirement), unless its own fault turns the password rule off
            faults = self._faults & {Fault.SECRET_ECHOED}
            if Fault.VALIDATE_PASSWORD_NOT_CHECKED in self._faults:
                faults |= _PASSWORD_FAULTS
            backup, session = self._check_create(
                token, request, now, check_busy=True, faults=faults
            )
            if Fault.VALIDATE_STARTS_BACKUP in self._faults:
                self._start(now, backup.host, _origin(MANUAL, backup, session))
        if self.config.unreachable(backup.host):
            result = {"status": "FAIL", "messages": [unreachable(backup.host)]}
        else:
            result = {"status": "OK", "messages": []}
        if Fault.VALIDATE_WITHOUT_MESSAGES in self._faults:
            del result["messages"]
        return result

    def get_job(self, token: str | None, job_id: str) -> dict[str, Any]:
        """The BackupJobStatus of ``job_id``; 404 NOT_FOUND if no job has it."""
        with self._lock:
            now = self._clock()
            self._session(token, now)
            job = self._job(job_id)
            if job is None:
                invented = self._statuses.unknown(job_id, now)
                if invented is None:
                    raise errors.not_found("job", job_id)
                return invented
            if Variant.INSTANT_JOBS in self._variants and job.running(now):
                job.planned_end = now
            job.reads += 1
            return self._statuses.job(job, now)

    def list_jobs(self, token: str | None) -> list[str]:
        """Every job id in the (capped) history, newest first."""
        with self._lock:
            self._session(token, self._clock())
            ids = self._jobs.ids()
            return ids[1:] if Fault.JOB_MISSING_FROM_LIST in self._faults else ids

    def cancel_job(self, token: str | None, job_id: str) -> dict[str, Any]:
        """Cancel a running job: ReturnResult OK, the job ends FAILED (cancelled)."""
        with self._lock:
            now = self._clock()
            self._writer(token, now, "cancel")
            job = self._job(job_id)
            if job is None:
                if Fault.CANCEL_UNKNOWN_200 in self._faults:
                    return _result("OK", "canceled", "Backup job was canceled.")
                raise errors.not_found("job", job_id)
            if job.running(now):
                if Fault.CANCEL_IGNORED not in self._faults:
                    job.cancel(now)
                return _result("OK", "canceled", "Backup job was canceled.")
            if Variant.CANCEL_FINISHED_NOT_ALLOWED in self._variants:
                key, text = f"{JOB_SERVICE}.not.running", "The backup job is not running."
                raise VapiError.with_message("NOT_ALLOWED_IN_CURRENT_STATE", key, text)
            return _result("FAIL", "not.running", "The backup job is not running.")

    def job_details(self, token: str | None, jobs: list[str] | None) -> dict[str, Any]:
        """Details.Info of every job in the history by id, or of those ``jobs`` names (an id
        no job has is left out, as the contract assumes)."""
        with self._lock:
            now = self._clock()
            self._session(token, now)
            wanted = None if jobs is None else set(jobs)
            newest = self._jobs.newest()
            details = {
                job.id: job_details(job, now, self.config.version, self.config.build)
                for job in reversed(self._jobs.all())
                if wanted is None or job.id in wanted
            }
            if Fault.DETAILS_MISSING_NEWEST in self._faults and wanted is None and newest:
                details.pop(newest.id, None)
            if Fault.DETAILS_TYPE_MANUAL in self._faults:
                for info in details.values():
                    info["type"] = MANUAL
            return details

    # schedules --------------------------------------------------------------------------

    def create_schedule(self, token: str | None, body: object) -> None:
        """Keep a new schedule; 400 INVALID_ARGUMENT for an invalid spec, then
        400 ALREADY_EXISTS for a taken id or beyond ``config.max_schedules``."""
        with self._lock:
            self._writer(token, self._clock(), "create", service=SCHEDULES_SERVICE)
            schedule_id, spec = create_request(body, check_password=self._schedule_passwords)
            self._schedules.create(schedule_id, spec)

    def list_schedules(self, token: str | None) -> dict[str, Any]:
        """Every schedule's Info by id."""
        with self._lock:
            self._session(token, self._clock())
            return {key: schedule.info() for key, schedule in self._schedules.all().items()}

    def get_schedule(self, token: str | None, schedule_id: str) -> dict[str, Any]:
        """The schedule's Info; 404 NOT_FOUND for an unknown id."""
        with self._lock:
            self._session(token, self._clock())
            return self._schedule(schedule_id).info()

    def update_schedule(self, token: str | None, schedule_id: str, body: object) -> None:
        """Change the fields the UpdateSpec carries (an absent body changes nothing);
        404 for an unknown id, 400 INVALID_ARGUMENT for an invalid spec (nothing changes)."""
        with self._lock:
            self._writer(token, self._clock(), "update", service=SCHEDULES_SERVICE)
            self._schedule(schedule_id)
            change = read_spec(
                {} if body is None else body, check_password=self._schedule_passwords
            )
            self._schedules.update(schedule_id, change)

    def delete_schedule(self, token: str | None, schedule_id: str) -> None:
        """Forget the schedule; 404 NOT_FOUND for an unknown id."""
        with self._lock:
            self._writer(token, self._clock(), "delete", service=SCHEDULES_SERVICE)
            self._schedule(schedule_id)
            self._schedules.delete(schedule_id)

    def run_schedule(self, token: str | None, schedule_id: str, body: object) -> dict[str, Any]:
        """Start a backup with the schedule's settings now (enabled or not): its
        BackupJobStatus, type SCHEDULED in the details; 404 for an unknown id,
        400 FEATURE_IN_USE while a backup runs."""
        with self._lock:
            now = self._clock()
            session = self._writer(token, now, "run", service=SCHEDULES_SERVICE)
            run_comment(body)
            spec = self._schedule(schedule_id).spec
            if self._busy(now) and Fault.SCHEDULE_RUN_WHILE_BUSY not in self._faults:
                raise self._feature_in_use()
            origin = Origin(
                kind=SCHEDULED,
                location=spec.location or "",
                location_user=spec.location_user or "",
                user=session.user.name,
                fast_backup=bool(spec.fast_backup),
                size_mb=_size_mb(spec.parts or ()),
            )
            job = self._start(now, spec.host or "", origin)
            return self._statuses.job(job, now)

    @property
    def _schedule_passwords(self) -> bool:
        """False with Fault.SCHEDULE_PASSWORD_NOT_CHECKED: a schedule's password is not held
        to the policy."""
        return Fault.SCHEDULE_PASSWORD_NOT_CHECKED not in self._faults

    def _schedule(self, schedule_id: str) -> Schedule:
        """The schedule; 404 NOT_FOUND for an unknown id (400 with Fault.UNKNOWN_SCHEDULE_400)."""
        try:
            return self._schedules.get(schedule_id)
        except VapiError:
            if Fault.UNKNOWN_SCHEDULE_400 in self._faults:
                raise errors.invalid_argument("schedule", "no such schedule") from None
            raise

    # parts ------------------------------------------------------------------------------

    def list_parts(self, token: str | None) -> list[dict[str, Any]]:
        """The fixed parts catalogue."""
        self.authenticate(token)
        parts = PARTS
        if Fault.PARTS_WITHOUT_COMMON in self._faults:
            parts = tuple(part for part in PARTS if part.id != REQUIRED_PART)
        return [part.as_json() for part in parts]

    def system_version(self, token: str | None) -> dict[str, str]:
        """VMware's ApplianceSystemVersionVersionStruct for the version the mock emulates
        (``config.version``); the product name says it is the mock."""
        self.authenticate(token)
        return {
            "version": self.config.version,
            "product": PRODUCT,
            "build": self.config.build,
            "type": "vCenter Server with an embedded Platform Services Controller",
            "summary": "",
            "releasedate": "",
            "install_time": format_rfc3339(self._installed),
        }

    def part_size(self, token: str | None, part_id: str) -> int:
        """The size of a part in MB; 404 NOT_FOUND for an unknown part id."""
        self.authenticate(token)
        part = PARTS_BY_ID.get(part_id)
        if part is None:
            raise errors.not_found("part", part_id)
        return -1 if Fault.NEGATIVE_PART_SIZE in self._faults else part.size_mb

    # internals --------------------------------------------------------------------------

    def _session(self, token: str | None, now: float, *, anonymous_ok: bool = True) -> Session:
        session = self._sessions.touch(token, now)
        if session is not None:
            return session
        if anonymous_ok and Fault.NO_AUTHENTICATION in self._faults:
            return Session(self._any_writer(), now, now)
        raise errors.unauthenticated()

    def _writer(
        self, token: str | None, now: float, operation: str, *, service: str = JOB_SERVICE
    ) -> Session:
        session = self._session(token, now)
        if session.user.read_only:
            raise errors.unauthorized(f"{service}.{operation}")
        return session

    def _start(self, now: float, host: str, origin: Origin) -> Job:
        """A new job, counted as a backup started; it fails if ``host`` is unreachable."""
        failure = unreachable(host) if self.config.unreachable(host) else None
        job = self._jobs.add(now, self.config.backup_seconds(host), failure, origin)
        self._backups_started += 1
        return job

    def _any_writer(self) -> User:
        writers = (user for user in self.config.users if not user.read_only)
        return next(writers, User("anonymous", ""))

    def _check_create(
        self,
        token: str | None,
        request: object,
        now: float,
        *,
        check_busy: bool,
        faults: frozenset[Fault] | None = None,
    ) -> tuple[BackupRequest, Session]:
        session = self._writer(token, now, "create")
        faults = self._faults if faults is None else faults
        try:
            backup = validate(request, faults)
        except VapiError as error:
            raise invalid_input(error, self._variants) from None
        if backup.comment is not None and Fault.VALID_INPUT_500 in faults:
            raise errors.internal_error()
        if check_busy and self._busy(now):
            raise self._feature_in_use()
        return backup, session

    def _end_on_third_create(self, now: float) -> None:
        """Variant.CREATE_RACES_BACKUP_END: the running backup succeeds just as the third
        create sent during it after its first read arrives, which then finds the appliance
        idle (creates sent at the same moment as the one that started it do not count)."""
        job = self._jobs.newest()
        if job is None or not job.running(now) or not job.reads:
            return
        job.creates_during += 1
        if job.creates_during >= 3:
            job.planned_end = now

    def _busy(self, now: float) -> bool:
        if Fault.SECOND_BACKUP_ACCEPTED in self._faults:
            return False
        if Fault.BUSY_AFTER_FINISH in self._faults and len(self._jobs):
            return True
        return self._jobs.running_count(now) > 0

    def _feature_in_use(self) -> VapiError:
        error = errors.feature_in_use()
        if Fault.FEATURE_IN_USE_WRONG_TYPE in self._faults:
            error = VapiError("CONCURRENT_CHANGE", error.messages, status=400)
        if Fault.FEATURE_IN_USE_409 in self._faults:
            error.status = 409
        return error

    def _job(self, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        if job is not None and Fault.CREATED_JOB_NOT_FOUND in self._faults:
            return None if job is self._jobs.newest() else job
        return job


# With Fault.VALIDATE_PASSWORD_NOT_CHECKED validate holds no password rule (create still does).
_PASSWORD_FAULTS = frozenset(
    {
        Fault.PASSWORD_MIN_LENGTH,
        Fault.PASSWORD_MAX_LENGTH,
        Fault.PASSWORD_UPPERCASE,
        Fault.PASSWORD_LOWERCASE,
        Fault.PASSWORD_DIGIT,
        Fault.PASSWORD_SPECIAL,
        Fault.PASSWORD_VISIBLE_ASCII,
    }
)


def _origin(kind: str, backup: BackupRequest, session: Session) -> Origin:
    """Where a job of this request comes from, for its details."""
    return Origin(
        kind=kind,
        location=backup.location,
        location_user=backup.location_user or "",
        user=session.user.name,
        fast_backup=bool(backup.fast_backup),
        size_mb=_size_mb(backup.parts),
    )


def _size_mb(parts: tuple[str, ...]) -> int:
    """The size of a backup of these optional parts and the required one."""
    chosen = {REQUIRED_PART, *parts}
    return sum(part.size_mb for part in PARTS if part.id in chosen)


def _result(status: str, key: str, text: str) -> dict[str, Any]:
    return {"status": status, "messages": [message(f"{JOB_SERVICE}.{key}", text)]}
