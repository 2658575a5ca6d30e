"""The vAPI JSON-RPC value codec (mock/protocols/vapi_values.py), without the SDK."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcsa_conformance.mock.protocols.vapi_values import (
    PLAIN,
    SECRET_STRING,
    ListOf,
    MapOf,
    OptionalOf,
    Structure,
    VapiValueError,
    decode,
    encode,
    encode_dynamic,
    encode_error,
    error_name,
    message_type,
    structure_name,
)

# What the SDK sends for Job.create (shared/reference/vmware-python-sdk-wire.md).
SDK_CREATE_INPUT = {
    "STRUCTURE": {
        "operation-input": {
            "piece": {
                "STRUCTURE": {
                    "com.vmware.appliance.recovery.backup.job.backup_request": {
                        "parts": ["common", "seat"],
                        "backup_password": {"OPTIONAL": {"SECRET": "Backup#2026"}},
                        "location_type": "FTP",
                        "location": "ftp://192.0.2.10/backups/vcsa",
                        "location_user": {"OPTIONAL": "backup"},
                        "location_password": {"OPTIONAL": {"SECRET": "LocPassw0rd!"}},
                        "comment": {"OPTIONAL": "nightly"},
                        "fast_backup": {"OPTIONAL": None},
                    }
                }
            }
        }
    }
}

JOB_MESSAGE = message_type("com.vmware.appliance.recovery.backup.job.localizable_message")
JOB_STATUS = Structure(
    "com.vmware.appliance.recovery.backup.job.backup_job_status",
    {
        "id": PLAIN,
        "state": PLAIN,
        "messages": ListOf(JOB_MESSAGE),
        "progress": PLAIN,
        "start_time": PLAIN,
        "end_time": OptionalOf(PLAIN),
    },
)


def test_decode_unwraps_structure_optional_and_secret_into_the_plain_request() -> None:
    assert decode(SDK_CREATE_INPUT) == {
        "piece": {
            "parts": ["common", "seat"],
            "backup_password": "Backup#2026",
            "location_type": "FTP",
            "location": "ftp://192.0.2.10/backups/vcsa",
            "location_user": "backup",
            "location_password": "LocPassw0rd!",
            "comment": "nightly",
            "fast_backup": None,
        }
    }


def test_decode_leaves_scalars_and_lists_bare() -> None:
    assert decode(["a", 1, 2.5, True, None]) == ["a", 1, 2.5, True, None]


def test_decode_optional_null_is_none_and_nested_optionals_unwrap() -> None:
    assert decode({"OPTIONAL": None}) is None
    assert decode({"OPTIONAL": {"OPTIONAL": 3}}) == 3


def test_decode_binary_is_bytes() -> None:
    assert decode({"BINARY": "aGk="}) == b"hi"


def test_decode_error_value_is_a_dict_of_fields() -> None:
    error = {"ERROR": {"com.vmware.vapi.std.errors.not_found": {"messages": []}}}
    assert decode(error) == {"messages": []}


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"STRUCTURE": {"a": {}}, "OPTIONAL": None},
        {"NOPE": 1},
        {"SECRET": 5},
        {"SECRET": {"OPTIONAL": "x"}},
        {"STRUCTURE": "x"},
        {"STRUCTURE": {}},
        {"STRUCTURE": {"a": {}, "b": {}}},
        {"STRUCTURE": {"a": [1]}},
        {"BINARY": "not base64!"},
        {"BINARY": 7},
        [{"OPTIONAL": None}, {"bare": "object"}],
    ],
)
def test_decode_refuses_malformed_tagged_values(value: object) -> None:
    with pytest.raises(VapiValueError):
        decode(value)


def test_structure_name() -> None:
    assert structure_name(SDK_CREATE_INPUT) == "operation-input"
    assert structure_name({"OPTIONAL": None}) is None
    assert structure_name({"STRUCTURE": {"a": {}, "b": {}}}) is None
    assert structure_name("operation-input") is None


def test_encode_job_status_writes_end_time_as_optional_and_messages_as_structures() -> None:
    status = {
        "id": "20261127-120000-24305161",
        "state": "INPROGRESS",
        "messages": [{"id": "m", "default_message": "text", "args": []}],
        "progress": 0,
        "start_time": "2026-11-27T12:00:00.000Z",
    }
    assert encode(status, JOB_STATUS) == {
        "STRUCTURE": {
            "com.vmware.appliance.recovery.backup.job.backup_job_status": {
                "id": "20261127-120000-24305161",
                "state": "INPROGRESS",
                "messages": [
                    {
                        "STRUCTURE": {
                            "com.vmware.appliance.recovery.backup.job.localizable_message": {
                                "id": "m",
                                "default_message": "text",
                                "args": [],
                            }
                        }
                    }
                ],
                "progress": 0,
                "start_time": "2026-11-27T12:00:00.000Z",
                "end_time": {"OPTIONAL": None},
            }
        }
    }


def test_encode_set_optional_wraps_the_value() -> None:
    assert encode("2026-11-27T12:00:01.000Z", OptionalOf(PLAIN)) == {
        "OPTIONAL": "2026-11-27T12:00:01.000Z"
    }


def test_encode_secret_and_optional_secret() -> None:
    assert encode("token", SECRET_STRING) == {"SECRET": "token"}
    assert encode("pw", OptionalOf(SECRET_STRING)) == {"OPTIONAL": {"SECRET": "pw"}}


def test_encode_drops_undeclared_fields_and_leaves_missing_required_ones_out() -> None:
    kind = Structure("t", {"a": PLAIN, "b": PLAIN})
    assert encode({"a": 1, "extra": 2}, kind) == {"STRUCTURE": {"t": {"a": 1}}}


def test_encode_map_writes_a_list_of_map_entry_structures() -> None:
    kind = MapOf(Structure("x.info", {"enable": PLAIN, "user": OptionalOf(PLAIN)}))
    encoded = encode({"default": {"enable": True}}, kind)
    info = {"STRUCTURE": {"x.info": {"enable": True, "user": {"OPTIONAL": None}}}}
    assert encoded == [{"STRUCTURE": {"map-entry": {"key": "default", "value": info}}}]
    assert encode({}, kind) == []
    with pytest.raises(TypeError):
        encode(["default"], kind)


def test_encode_refuses_a_wrong_shape() -> None:
    with pytest.raises(TypeError):
        encode("x", ListOf(PLAIN))
    with pytest.raises(TypeError):
        encode([1], Structure("t"))


def test_encode_dynamic_tags_nested_dicts_as_structures() -> None:
    assert encode_dynamic({"a": {"b": 1}, "c": [None]}) == {
        "STRUCTURE": {
            "dynamic-structure": {
                "a": {"STRUCTURE": {"dynamic-structure": {"b": 1}}},
                "c": [{"OPTIONAL": None}],
            }
        }
    }


def test_encode_error_matches_the_shape_the_sdk_decodes() -> None:
    message = {"id": "x.y", "default_message": "A backup is running.", "args": []}
    assert encode_error("FEATURE_IN_USE", [message]) == {
        "ERROR": {
            "com.vmware.vapi.std.errors.feature_in_use": {
                "messages": [
                    {
                        "STRUCTURE": {
                            "com.vmware.vapi.std.localizable_message": {
                                "id": "x.y",
                                "default_message": "A backup is running.",
                                "args": [],
                                "params": {"OPTIONAL": None},
                                "localized": {"OPTIONAL": None},
                            }
                        }
                    }
                ],
                "data": {"OPTIONAL": None},
                "error_type": {"OPTIONAL": "FEATURE_IN_USE"},
            }
        }
    }


def test_encode_error_with_data_writes_a_dynamic_structure() -> None:
    encoded = encode_error("NOT_FOUND", [], {"id": "j1"})
    fields = encoded["ERROR"]["com.vmware.vapi.std.errors.not_found"]
    assert fields["data"] == {"OPTIONAL": {"STRUCTURE": {"dynamic-structure": {"id": "j1"}}}}


@pytest.mark.parametrize(
    ("error_type", "name"),
    [
        ("INVALID_ARGUMENT", "com.vmware.vapi.std.errors.invalid_argument"),
        ("ERROR", "com.vmware.vapi.std.errors.error"),
        ("OPERATION_NOT_FOUND", "com.vmware.vapi.std.errors.operation_not_found"),
    ],
)
def test_error_names(error_type: str, name: str) -> None:
    assert error_name(error_type) == name


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
_plain = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=3), inner, min_size=1, max_size=3)
    ),
    max_leaves=10,
)


@given(_plain)
def test_decode_inverts_encode_dynamic(value: Any) -> None:
    assert decode(encode_dynamic(value)) == value


@given(st.fixed_dictionaries({"id": st.text(), "progress": st.integers()}), st.booleans())
def test_decode_inverts_encode_for_declared_structures(value: dict[str, Any], ended: bool) -> None:
    kind = Structure("s", {"id": PLAIN, "progress": PLAIN, "end_time": OptionalOf(PLAIN)})
    if ended:
        value = {**value, "end_time": "2026-11-27T12:00:01Z"}
    assert decode(encode(value, kind)) == {"end_time": None, **value}
