"""vAPI standard errors as exceptions, rendered by each protocol layer.

The model raises ``VapiError``; the /api layer turns it into ``{"error_type", "messages"}``
and the legacy protocols into their own envelopes. The HTTP status follows the vAPI runtime
mapping (contract/vapi.py) unless a fault overrides it.
"""

from __future__ import annotations

from typing import Any

from vcsa_conformance.contract.api import BACKUP_SERVICE
from vcsa_conformance.contract.vapi import status_for

Message = dict[str, Any]


def message(message_id: str, default_message: str, *args: str) -> Message:
    """A LocalizableMessage (the 3 fields both the std and the job message types require)."""
    return {"id": message_id, "default_message": default_message, "args": list(args)}


class VapiError(Exception):
    """A vAPI standard error; ``status`` is the HTTP status the /api form answers."""

    typed = True  # False: the /api body names no error_type

    def __init__(
        self, error_type: str, messages: list[Message], *, status: int | None = None
    ) -> None:
        super().__init__(error_type)
        self.error_type = error_type
        self.messages = messages
        self.status = status_for(error_type) if status is None else status

    @classmethod
    def with_message(
        cls, error_type: str, message_id: str, text: str, *args: str, status: int | None = None
    ) -> VapiError:
        """The error of one LocalizableMessage."""
        return cls(error_type, [message(message_id, text, *args)], status=status)

    def body(self) -> dict[str, Any]:
        """The /api error body: error_type (unless untyped) and messages."""
        body: dict[str, Any] = {"error_type": self.error_type} if self.typed else {}
        return body | {"messages": self.messages}


def unauthenticated() -> VapiError:
    """The captured 401 answer for a missing, unknown, deleted or expired session."""
    key = "com.vmware.vapi.endpoint.method.authentication.required"
    return VapiError.with_message("UNAUTHENTICATED", key, "Authentication required.")


def login_failed() -> VapiError:
    """401 for wrong credentials on POST /api/session (the secret is never quoted)."""
    key = "com.vmware.vapi.endpoint.failedToLoginMaxAttempts"
    return VapiError.with_message("UNAUTHENTICATED", key, "Unable to authenticate user.")


def unauthorized(operation: str) -> VapiError:
    """403 for a user without the privilege for ``operation``."""
    text = f"Unable to authorize user for operation {operation}."
    return VapiError.with_message("UNAUTHORIZED", "vapi.method.authz.unauthorized", text, operation)


def invalid_argument(field: str, problem: str) -> VapiError:
    """400 INVALID_ARGUMENT naming the field; ``problem`` never quotes a secret value."""
    key, text = f"{BACKUP_SERVICE}.invalid.argument", f"Invalid argument {field}: {problem}."
    return VapiError.with_message("INVALID_ARGUMENT", key, text, field, problem)


def not_found(kind: str, identifier: str) -> VapiError:
    """404 NOT_FOUND for an unknown job or part id."""
    key, text = f"{BACKUP_SERVICE}.{kind}.not.found", f"{kind} {identifier} does not exist."
    return VapiError.with_message("NOT_FOUND", key, text)


def feature_in_use() -> VapiError:
    """400 FEATURE_IN_USE, the documented answer to a create while a backup runs."""
    key, text = f"{BACKUP_SERVICE}.job.in.progress", "A backup or restore is already in progress."
    return VapiError.with_message("FEATURE_IN_USE", key, text)


def internal_error(text: str = "Internal server error.") -> VapiError:
    """500 ERROR with a vAPI body and no traceback."""
    return VapiError.with_message("ERROR", "com.vmware.vapi.internal.error", text)
