"""The API's own names, written once: the session header, paths, actions, vAPI service ids, job
states, location types and their schemes, a BackupRequest's fields, the part every appliance
has, and the names and ranges of schedules and job details.

The mock serves them and the suite sends and judges them; both take them from here.
"""

from __future__ import annotations

SESSION_HEADER = "vmware-api-session-id"
SESSION_PATH = "/api/session"
JSONRPC_PATH = "/api"  # POST: vAPI JSON-RPC, the protocol of VMware's SDK
BACKUP_PATH = "/api/appliance/recovery/backup"
JOB_PATH = BACKUP_PATH + "/job"
PARTS_PATH = BACKUP_PATH + "/parts"
JOB_DETAILS_PATH = JOB_PATH + "/details"
SCHEDULES_PATH = BACKUP_PATH + "/schedules"
# The ?action= of the POST operations whose path alone does not name them.
CANCEL_ACTION, VALIDATE_ACTION, RUN_ACTION = "cancel", "validate", "run"
# Outside the backup API (not in openapi.yaml): read once per run to name the appliance's
# version and build in the reports; VMware's appliance API answers it to any session.
VERSION_PATH = "/api/appliance/system/version"
# The deprecated /rest form of the same operations (vSphere 6.5-7.0), still served by the mock.
LEGACY_SESSION_PATH = "/rest/com/vmware/cis/session"
LEGACY_BACKUP_PATH = "/rest/appliance/recovery/backup"
LEGACY_JOB_PATH = LEGACY_BACKUP_PATH + "/job"
LEGACY_PARTS_PATH = LEGACY_BACKUP_PATH + "/parts"
LEGACY_VALIDATE_PATH = LEGACY_BACKUP_PATH + "/validate"
LEGACY_JOB_DETAILS_PATH = LEGACY_JOB_PATH + "/details"
LEGACY_SCHEDULES_PATH = LEGACY_BACKUP_PATH + "/schedules"
# /rest updates a schedule with PUT on its own path, not PATCH on the schedule's.
LEGACY_SCHEDULE_UPDATE_PATH = LEGACY_SCHEDULES_PATH + "/update"
# /rest names a query parameter by its path in the operation's input: Details.list(filter).
LEGACY_JOBS_FILTER = "filter.jobs"

# vAPI service ids (JSON-RPC's serviceId); they prefix their messages' and privileges' ids.
BACKUP_SERVICE = "com.vmware.appliance.recovery.backup"
JOB_SERVICE = BACKUP_SERVICE + ".job"
PARTS_SERVICE = BACKUP_SERVICE + ".parts"
SCHEDULES_SERVICE = BACKUP_SERVICE + ".schedules"
JOB_DETAILS_SERVICE = JOB_SERVICE + ".details"
SESSION_SERVICE = "com.vmware.cis.session"

# The BackupRestoreProcessState enum; a job runs while INPROGRESS.
FAILED, INPROGRESS, NONE, SUCCEEDED = "FAILED", "INPROGRESS", "NONE", "SUCCEEDED"
JOB_STATES = (FAILED, INPROGRESS, NONE, SUCCEEDED)

# The LocationType enum, each with the scheme its location URL carries.
LOCATION_SCHEMES: dict[str, str] = {
    "FTP": "ftp",
    "HTTP": "http",
    "FTPS": "ftps",
    "HTTPS": "https",
    "SCP": "scp",
    "SFTP": "sftp",
    "NFS": "nfs",
    "SMB": "smb",
}
LOCATION_TYPES = tuple(LOCATION_SCHEMES)
LOCATION_TYPES_BY_SCHEME = {scheme: kind for kind, scheme in LOCATION_SCHEMES.items()}

# A BackupRequest's fields: three required, four optional strings, and fast_backup (boolean).
REQUIRED_FIELDS = ("parts", "location_type", "location")
OPTIONAL_STRINGS = ("location_user", "location_password", "comment", "backup_password")
REQUIRED_PART = "common"  # the configuration: always backed up, never optional

# Schedules. VMware's user interface keeps one schedule, under this id.
DEFAULT_SCHEDULE = "default"
# A CreateSpec's fields (UpdateSpec: the same, all optional); Info answers neither password.
SCHEDULE_REQUIRED = ("location",)
SCHEDULE_STRINGS = ("location_user", "location_password", "backup_password")
SCHEDULE_BOOLEANS = ("enable", "fast_backup")
# RecurrenceInfo: VMware's prose ("Minute when backup should run", "24-hour clock format").
MINUTES = range(0, 60)
HOURS = range(0, 24)
DAYS_OF_WEEK = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
MIN_RETENTION = 1  # RetentionInfo.max_count: keeping no backup is not a retention

# Job details: how a job was started (Details.Type; 9.0 adds LOCAL_BACKUP) and its task state.
MANUAL, SCHEDULED = "MANUAL", "SCHEDULED"
JOB_TYPES = (SCHEDULED, MANUAL)
TASK_STATUSES = ("PENDING", "RUNNING", "BLOCKED", "SUCCEEDED", "FAILED")
