"""The backup_password policy, in one place.

VMware documents it in prose on BackupRequest.backup_password (8.0.2): at least 8 and at most
20 characters; at least one uppercase letter, one lowercase letter, one digit and one special
character (any character not in [0-9a-zA-Z]); only visible ASCII characters (no space).
The mock enforces it, the suite's strategies generate both sides of it, and openapi.yaml
states it as schema keywords; a unit test holds all three to the same tables.
"""

from __future__ import annotations

from enum import Enum

MIN_LENGTH = 8
MAX_LENGTH = 20
VISIBLE_ASCII = frozenset(chr(code) for code in range(0x21, 0x7F))  # '!' .. '~'


class Rule(Enum):
    """One clause of the policy; the value is the message a rejection gives."""

    TOO_SHORT = f"must be at least {MIN_LENGTH} characters long"
    TOO_LONG = f"must be at most {MAX_LENGTH} characters long"
    NO_UPPER = "must contain an uppercase letter"
    NO_LOWER = "must contain a lowercase letter"
    NO_DIGIT = "must contain a digit"
    NO_SPECIAL = "must contain a special character (not in [0-9a-zA-Z])"
    NOT_VISIBLE_ASCII = "must contain only visible ASCII characters (no space)"


def broken_rules(password: str) -> list[Rule]:
    """Every rule the password breaks, in the order the documentation lists them."""
    broken: list[Rule] = []
    if len(password) < MIN_LENGTH:
        broken.append(Rule.TOO_SHORT)
    if len(password) > MAX_LENGTH:
        broken.append(Rule.TOO_LONG)
    if not any("A" <= char <= "Z" for char in password):
        broken.append(Rule.NO_UPPER)
    if not any("a" <= char <= "z" for char in password):
        broken.append(Rule.NO_LOWER)
    if not any("0" <= char <= "9" for char in password):
        broken.append(Rule.NO_DIGIT)
    if all(char.isascii() and char.isalnum() for char in password):
        broken.append(Rule.NO_SPECIAL)
    if any(char not in VISIBLE_ASCII for char in password):
        broken.append(Rule.NOT_VISIBLE_ASCII)
    return broken


def is_valid(password: str) -> bool:
    """True when the password meets every rule of the policy."""
    return not broken_rules(password)
