"""Injectable faults: realistic deviations that the conformance suite must catch.

Each fault names the MUST requirement ids (contract/requirements.yaml) that fail when it is
present; the mutation test holds the suite to that. Faults are implemented where they belong:
protocol-independent ones in the model (validation, jobs, sessions), wire-level ones in the
/api layer (mock/protocols/rest.py). Create's input faults break create only: validate checks
its request by itself, and its own fault (VALIDATE_PASSWORD_NOT_CHECKED) breaks its rule.
"""

from __future__ import annotations

from vcsa_conformance.mock.catalogue import Named


class Fault(Named):
    """One injectable deviation; the value is its command-line name."""

    PASSWORD_MIN_LENGTH = "password-min-length-not-enforced"
    PASSWORD_MAX_LENGTH = "password-max-length-not-enforced"
    PASSWORD_UPPERCASE = "password-uppercase-not-enforced"
    PASSWORD_LOWERCASE = "password-lowercase-not-enforced"
    PASSWORD_DIGIT = "password-digit-not-enforced"
    PASSWORD_SPECIAL = "password-special-not-enforced"
    PASSWORD_VISIBLE_ASCII = "password-visible-ascii-not-enforced"
    PASSWORD_7_CHARACTERS = "password-of-7-characters-accepted"
    PASSWORD_21_CHARACTERS = "password-of-21-characters-accepted"
    PASSWORD_SPACE = "password-space-accepted"
    LOCATION_TYPE_NOT_CHECKED = "location-type-not-checked"
    LOCATION_TYPE_CASE_INSENSITIVE = "location-type-case-insensitive"
    LOCATION_TYPE_TRIMMED = "location-type-whitespace-trimmed"
    PARTS_NOT_REQUIRED = "parts-not-required"
    LOCATION_TYPE_NOT_REQUIRED = "location-type-not-required"
    LOCATION_NOT_REQUIRED = "location-not-required"
    NULL_PARTS_ACCEPTED = "null-parts-accepted"
    WRONG_TYPES_ACCEPTED = "wrong-types-accepted"
    PARTS_BARE_STRING = "parts-bare-string-accepted"
    BOOLEAN_STRINGS = "boolean-strings-accepted"
    CREATE_200 = "create-answers-200"
    CREATE_FIELD_MISSING = "create-answer-missing-start-time"
    CREATE_FIELD_MISTYPED = "create-answer-progress-as-string"
    STATE_OUTSIDE_ENUM = "state-outside-enum"
    PROGRESS_OUT_OF_RANGE = "progress-out-of-range"
    PROGRESS_BACKWARDS = "progress-goes-backwards"
    PROGRESS_PAST_100 = "progress-past-100"
    SUCCEEDED_BELOW_100 = "succeeded-below-100"
    END_TIME_WHILE_RUNNING = "end-time-while-running"
    END_TIME_MISSING = "end-time-missing-when-finished"
    TIMES_WITHOUT_ZONE = "times-without-zone"
    SECOND_BACKUP_ACCEPTED = "second-backup-accepted"
    FEATURE_IN_USE_409 = "feature-in-use-409"
    FEATURE_IN_USE_WRONG_TYPE = "feature-in-use-wrong-error-type"
    BUSY_AFTER_FINISH = "busy-after-finish"
    CONCURRENT_CREATE_RACE = "concurrent-create-race"
    ERROR_WITHOUT_MESSAGES = "error-without-messages"
    UNKNOWN_ERROR_TYPE = "unknown-error-type"
    HTML_ERROR_BODY = "html-error-body"
    MALFORMED_JSON_500 = "malformed-json-500"
    VALID_INPUT_500 = "500-when-comment-present"
    NO_AUTHENTICATION = "no-authentication-required"
    DELETED_SESSION_ACCEPTED = "deleted-session-accepted"
    WRONG_CREDENTIALS_ACCEPTED = "wrong-credentials-accepted"
    SESSION_INFO_WITHOUT_USER = "session-info-without-user"
    UNKNOWN_JOB_200 = "unknown-job-200"
    UNKNOWN_JOB_SUCCEEDED = "unknown-job-200-succeeded"
    CREATED_JOB_NOT_FOUND = "created-job-not-found"
    CREATED_JOB_ID_EMPTY = "created-job-id-empty"
    JOB_MISSING_FROM_LIST = "job-missing-from-list"
    CANCEL_IGNORED = "cancel-ignored"
    CANCEL_UNKNOWN_200 = "cancel-unknown-job-200"
    SECRET_ECHOED = "secret-echoed"
    PARTS_WITHOUT_COMMON = "parts-without-common"
    NEGATIVE_PART_SIZE = "negative-part-size"
    SCHEDULE_PASSWORD_NOT_CHECKED = "schedule-password-not-checked"
    UNKNOWN_SCHEDULE_400 = "unknown-schedule-400"
    SCHEDULE_RUN_WHILE_BUSY = "schedule-run-while-busy-accepted"
    VALIDATE_STARTS_BACKUP = "validate-starts-backup"
    VALIDATE_WITHOUT_MESSAGES = "validate-result-without-messages"
    VALIDATE_PASSWORD_NOT_CHECKED = "validate-password-not-checked"
    DETAILS_MISSING_NEWEST = "details-missing-newest-job"
    DETAILS_TYPE_MANUAL = "details-type-always-manual"

    @property
    def description(self) -> str:
        """What the faulty appliance does, in one sentence."""
        return _CATALOGUE[self][0]

    @property
    def requirements(self) -> tuple[str, ...]:
        """The MUST requirement ids that fail when this fault is present."""
        return _CATALOGUE[self][1]


_CATALOGUE: dict[Fault, tuple[str, tuple[str, ...]]] = {
    Fault.PASSWORD_MIN_LENGTH: (
        "a backup_password shorter than 8 characters is accepted",
        ("BKP-INPUT-004",),
    ),
    Fault.PASSWORD_MAX_LENGTH: (
        "a backup_password longer than 20 characters is accepted",
        ("BKP-INPUT-005",),
    ),
    Fault.PASSWORD_UPPERCASE: (
        "a backup_password without an uppercase letter is accepted",
        ("BKP-INPUT-006",),
    ),
    Fault.PASSWORD_LOWERCASE: (
        "a backup_password without a lowercase letter is accepted",
        ("BKP-INPUT-007",),
    ),
    Fault.PASSWORD_DIGIT: ("a backup_password without a digit is accepted", ("BKP-INPUT-008",)),
    Fault.PASSWORD_SPECIAL: (
        "a backup_password without a special character is accepted",
        ("BKP-INPUT-009",),
    ),
    Fault.PASSWORD_VISIBLE_ASCII: (
        "a backup_password with a space, control or non-ASCII character is accepted",
        ("BKP-INPUT-010",),
    ),
    Fault.PASSWORD_7_CHARACTERS: (
        "a backup_password of exactly 7 characters (one short) is accepted",
        ("BKP-INPUT-004",),
    ),
    Fault.PASSWORD_21_CHARACTERS: (
        "a backup_password of exactly 21 characters (one too many) is accepted",
        ("BKP-INPUT-005",),
    ),
    Fault.PASSWORD_SPACE: (
        "a space counts as a visible character in a backup_password (other invisible ones do not)",
        ("BKP-INPUT-010",),
    ),
    Fault.LOCATION_TYPE_NOT_CHECKED: (
        "any string is accepted as location_type (and the location scheme is not matched)",
        ("BKP-INPUT-003",),
    ),
    Fault.LOCATION_TYPE_CASE_INSENSITIVE: (
        "location_type is compared case-insensitively ('sftp' is accepted)",
        ("BKP-INPUT-003",),
    ),
    Fault.LOCATION_TYPE_TRIMMED: (
        "location_type is trimmed of surrounding whitespace (' SFTP' is accepted)",
        ("BKP-INPUT-003",),
    ),
    Fault.PARTS_NOT_REQUIRED: ("a request without parts is accepted", ("BKP-INPUT-001",)),
    Fault.LOCATION_TYPE_NOT_REQUIRED: (
        "a request without location_type is accepted (the type is taken from the scheme)",
        ("BKP-INPUT-001",),
    ),
    Fault.LOCATION_NOT_REQUIRED: ("a request without location is accepted", ("BKP-INPUT-001",)),
    Fault.NULL_PARTS_ACCEPTED: (
        "parts: null is read as an empty list instead of a missing required field",
        ("BKP-INPUT-001",),
    ),
    Fault.WRONG_TYPES_ACCEPTED: (
        "fields of the wrong JSON type are coerced instead of rejected",
        ("BKP-INPUT-002",),
    ),
    Fault.PARTS_BARE_STRING: (
        "a part id given as a bare string ('parts': 'common') is read as a list of one",
        ("BKP-INPUT-002",),
    ),
    Fault.BOOLEAN_STRINGS: (
        "fast_backup strings such as 'yes', 'no', 'on', '1' are read as booleans",
        ("BKP-INPUT-002",),
    ),
    Fault.CREATE_200: (
        "create answers 200 instead of 201 (the job starts all the same)",
        ("BKP-CREATE-001", "BKP-RESP-001"),
    ),
    Fault.CREATE_FIELD_MISSING: (
        "the 201 answer of create lacks start_time",
        ("BKP-CREATE-002", "BKP-RESP-003"),
    ),
    Fault.CREATE_FIELD_MISTYPED: (
        "the 201 answer of create carries progress as a string",
        ("BKP-CREATE-002", "BKP-RESP-003"),
    ),
    Fault.STATE_OUTSIDE_ENUM: (
        "a running job reports state RUNNING instead of INPROGRESS",
        ("BKP-JOB-003", "BKP-RESP-003"),
    ),
    Fault.PROGRESS_OUT_OF_RANGE: (
        "a running job reports progress -1 (unknown)",
        ("BKP-JOB-004",),
    ),
    Fault.PROGRESS_PAST_100: (
        "a running job reports twice its progress, up to 104: past 100 from half-way",
        ("BKP-JOB-004",),
    ),
    Fault.PROGRESS_BACKWARDS: (
        "odd reads of a running job report progress 99, even reads the true progress",
        ("BKP-JOB-005",),
    ),
    Fault.SUCCEEDED_BELOW_100: (
        "a succeeded job reports progress 99",
        ("BKP-JOB-009",),
    ),
    Fault.END_TIME_WHILE_RUNNING: (
        "a running job carries its expected end_time",
        ("BKP-JOB-007",),
    ),
    Fault.END_TIME_MISSING: (
        "a finished job has no end_time",
        ("BKP-JOB-008",),
    ),
    Fault.TIMES_WITHOUT_ZONE: (
        "job start_time and end_time carry no time zone",
        ("BKP-JOB-006",),
    ),
    Fault.SECOND_BACKUP_ACCEPTED: (
        "a create request while a backup runs is accepted with 201",
        ("BKP-CONC-001", "BKP-CONC-002"),
    ),
    Fault.FEATURE_IN_USE_409: (
        "FEATURE_IN_USE is answered with status 409",
        ("BKP-CONC-001", "BKP-CONC-002", "BKP-RESP-001", "BKP-RESP-004"),
    ),
    Fault.FEATURE_IN_USE_WRONG_TYPE: (
        "a create request while a backup runs is refused 400 with error_type CONCURRENT_CHANGE",
        ("BKP-CONC-001", "BKP-CONC-002", "BKP-RESP-004"),
    ),
    Fault.BUSY_AFTER_FINISH: (
        "FEATURE_IN_USE is answered even after the last job ended",
        ("BKP-CONC-003",),
    ),
    Fault.CONCURRENT_CREATE_RACE: (
        "create checks for a running job, yields, then commits: concurrent creates all succeed",
        ("BKP-CONC-002",),
    ),
    Fault.ERROR_WITHOUT_MESSAGES: (
        "error bodies lack the required messages",
        ("BKP-RESP-003",),
    ),
    Fault.UNKNOWN_ERROR_TYPE: (
        "invalid input is answered 400 with error_type BAD_REQUEST (not in the enum)",
        ("BKP-RESP-003", "BKP-RESP-004"),
    ),
    Fault.HTML_ERROR_BODY: (
        "error answers are HTML pages",
        ("BKP-RESP-002", "BKP-RESP-003"),
    ),
    Fault.MALFORMED_JSON_500: (
        "a body that is not JSON is answered 500 with a plain-text body",
        ("BKP-INPUT-011", "BKP-RESP-002"),
    ),
    Fault.VALID_INPUT_500: (
        "a valid create request carrying a comment is answered 500",
        ("BKP-CREATE-001",),
    ),
    Fault.NO_AUTHENTICATION: (
        "backup operations work without a session token or with an unknown one",
        ("BKP-AUTH-003", "BKP-AUTH-004"),
    ),
    Fault.DELETED_SESSION_ACCEPTED: (
        "DELETE /api/session answers 204 but the token keeps working",
        ("BKP-AUTH-005",),
    ),
    Fault.WRONG_CREDENTIALS_ACCEPTED: (
        "login with a known user and a wrong password succeeds",
        ("BKP-AUTH-002",),
    ),
    Fault.SESSION_INFO_WITHOUT_USER: (
        "GET /api/session answers the session Info without its user",
        ("BKP-AUTH-001",),
    ),
    Fault.UNKNOWN_JOB_200: (
        "GET of an unknown job id answers 200 with state NONE",
        ("BKP-JOB-010",),
    ),
    Fault.UNKNOWN_JOB_SUCCEEDED: (
        "GET of an unknown job id answers 200 with state SUCCEEDED and progress 100",
        ("BKP-JOB-010",),
    ),
    Fault.CREATED_JOB_ID_EMPTY: (
        'the 201 answer of create names its job "id": "" (the job runs, listed under its id)',
        ("BKP-JOB-001",),
    ),
    Fault.CREATED_JOB_NOT_FOUND: (
        "GET of the newest job answers 404 NOT_FOUND",
        ("BKP-JOB-001",),
    ),
    Fault.JOB_MISSING_FROM_LIST: (
        "the job list omits the newest job",
        ("BKP-JOB-002",),
    ),
    Fault.CANCEL_IGNORED: (
        "cancel answers 200 OK but the job keeps running to SUCCEEDED",
        ("BKP-CANCEL-004",),
    ),
    Fault.CANCEL_UNKNOWN_200: (
        "cancel of an unknown job id answers 200 OK",
        ("BKP-CANCEL-002",),
    ),
    Fault.SECRET_ECHOED: (
        "a rejected backup_password is quoted in the error, the location_password in job messages",
        ("BKP-SEC-001",),
    ),
    Fault.PARTS_WITHOUT_COMMON: (
        "the parts list lacks the required part common",
        ("BKP-PARTS-001",),
    ),
    Fault.NEGATIVE_PART_SIZE: (
        "part sizes are answered as -1",
        ("BKP-PARTS-002",),
    ),
    Fault.SCHEDULE_PASSWORD_NOT_CHECKED: (
        "a schedule create or update accepts a backup_password that breaks the policy",
        ("BKP-SCHED-005", "BKP-SCHED-009"),
    ),
    Fault.UNKNOWN_SCHEDULE_400: (
        "get, update, delete and run of an id no schedule has answer 400 INVALID_ARGUMENT",
        ("BKP-SCHED-003", "BKP-SCHED-006"),
    ),
    Fault.SCHEDULE_RUN_WHILE_BUSY: (
        "a schedule's run while a backup runs starts a second backup",
        ("BKP-SCHED-008",),
    ),
    Fault.VALIDATE_STARTS_BACKUP: (
        "validate of a valid request starts the backup it was to check",
        ("BKP-VALIDATE-001",),
    ),
    Fault.VALIDATE_WITHOUT_MESSAGES: (
        "validate answers a ReturnResult without its messages",
        ("BKP-VALIDATE-001", "BKP-RESP-003"),
    ),
    Fault.VALIDATE_PASSWORD_NOT_CHECKED: (
        "validate answers OK to a backup_password that breaks the policy (create refuses it)",
        ("BKP-VALIDATE-003",),
    ),
    Fault.DETAILS_MISSING_NEWEST: (
        "the details of every job leave out the newest job (the jobs filter still finds it)",
        ("BKP-DETAILS-001",),
    ),
    Fault.DETAILS_TYPE_MANUAL: (
        "the details of a job a schedule's run started have type MANUAL",
        ("BKP-DETAILS-002",),
    ),
}
