"""Conformant variants: behaviour a real appliance may show that the suite must NOT flag."""

from __future__ import annotations

from vcsa_conformance.mock.catalogue import Named


class Variant(Named):
    """One conformant variation; the value is its command-line name."""

    INSTANT_JOBS = "instant-jobs"
    EXTRA_FIELDS = "extra-fields"
    CHALLENGE_ON_401 = "challenge-on-401"
    OTHER_ID_FORMAT = "other-id-format"
    INVALID_INPUT_500 = "invalid-input-500"
    NULL_END_TIME = "null-end-time"
    ZONE_OFFSET_TIMES = "zone-offset-times"
    JOB_MESSAGES = "job-messages"
    CANCEL_FINISHED_NOT_ALLOWED = "cancel-finished-not-allowed"
    VAPI_RUNTIME = "vapi-runtime"
    CREATE_RACES_BACKUP_END = "create-races-backup-end"

    @property
    def description(self) -> str:
        """What the variant appliance does, in one sentence."""
        return _DESCRIPTIONS[self]

    @property
    def should_failures(self) -> tuple[str, ...]:
        """SHOULD requirement ids this variant breaks on purpose (it never breaks a MUST)."""
        return _SHOULD_FAILURES.get(self, ())


_DESCRIPTIONS: dict[Variant, str] = {
    Variant.INSTANT_JOBS: "a job has SUCCEEDED by the first read after its create answer",
    Variant.EXTRA_FIELDS: "every JSON object answered carries an extra, undocumented field",
    Variant.CHALLENGE_ON_401: "401 bodies carry a challenge string (and a WWW-Authenticate header)",
    Variant.OTHER_ID_FORMAT: "job ids are UUIDs instead of YYYYMMDD-hhmmss-<build>",
    Variant.INVALID_INPUT_500: "invalid create input is answered 500 with error_type ERROR",
    Variant.NULL_END_TIME: "a running job carries end_time: null instead of omitting it",
    Variant.ZONE_OFFSET_TIMES: "date-times carry a +02:00 offset instead of Z",
    Variant.JOB_MESSAGES: "jobs carry progress messages (3-field LocalizableMessage)",
    Variant.CANCEL_FINISHED_NOT_ALLOWED: (
        "cancel of a finished job answers 400 NOT_ALLOWED_IN_CURRENT_STATE"
    ),
    Variant.VAPI_RUNTIME: (
        "bad input is refused the way VMware's vAPI runtime does: INVALID_REQUEST with 400, "
        "404, 405, 415 or 500 before the service; 'true'/'false' read as booleans"
    ),
    Variant.CREATE_RACES_BACKUP_END: (
        "a running backup succeeds just as the third create sent during it (after it was "
        "first read) arrives, which is accepted: a create racing the end of a backup"
    ),
}

# Only SHOULD ids: a variant is conformant by definition. The mutation test holds the suite
# to failing nothing else.
# Validate reads its request as create does, so the same answers miss BKP-VALIDATE-005.
_SHOULD_FAILURES: dict[Variant, tuple[str, ...]] = {
    Variant.INVALID_INPUT_500: ("BKP-INPUT-012", "BKP-VALIDATE-005"),
    # The runtime's two 500s (a JSON array body, a boolean given as 1) miss the SHOULD's 400.
    Variant.VAPI_RUNTIME: ("BKP-INPUT-012", "BKP-VALIDATE-005"),
}
