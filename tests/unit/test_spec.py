"""The contract file: valid OpenAPI 3.1, examples valid, errors and security as documented."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from vcsa_conformance.cli.main import main
from vcsa_conformance.contract import spec as contract
from vcsa_conformance.contract.vapi import ERROR_TYPES, types_for

SPEC = contract.validate_spec()
URI = "urn:vcsa-conformance:openapi"
REGISTRY: Registry[Any] = Registry().with_resource(URI, Resource(SPEC, DRAFT202012))
BACKUP_OPERATIONS = {
    "createBackupJob",
    "listBackupJobs",
    "getBackupJob",
    "cancelBackupJob",
    "listBackupJobDetails",
    "listBackupParts",
    "getBackupPartSize",
    "validateBackup",
    "createBackupSchedule",
    "listBackupSchedules",
    "getBackupSchedule",
    "updateBackupSchedule",
    "deleteBackupSchedule",
    "runBackupSchedule",
}
SESSION_OPERATIONS = {"createSession", "getSession", "deleteSession"}


def _validator(pointer: str) -> Draft202012Validator:
    """A validator for the schema at this JSON pointer of the contract, refs resolved."""
    return Draft202012Validator(
        {"$ref": f"{URI}#{pointer}"}, registry=REGISTRY, format_checker=FormatChecker()
    )


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _by_id() -> dict[str, dict[str, Any]]:
    return {
        op["operationId"]: op
        for item in SPEC["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow one local $ref (responses, parameters) to its target."""
    if "$ref" not in node:
        return node
    target: Any = SPEC
    for token in node["$ref"].removeprefix("#/").split("/"):
        target = target[token]
    assert isinstance(target, dict)
    return target


def _media_examples() -> Iterator[tuple[str, str, Any]]:
    """(where, schema pointer, example) for every request body and response example."""
    places: list[tuple[str, dict[str, Any]]] = []
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            base = f"/paths/{_escape(path)}/{method}"
            if "requestBody" in op:
                places.append((f"{base}/requestBody", op["requestBody"]))
            for status, response in op["responses"].items():
                places.append((f"{base}/responses/{status}", response))
    for name, response in SPEC["components"]["responses"].items():
        places.append((f"/components/responses/{name}", response))
    for where, holder in places:
        for media, content in holder.get("content", {}).items():
            pointer = f"{where}/content/{_escape(media)}/schema"
            if "example" in content:
                yield where, pointer, content["example"]
            for name, example in content.get("examples", {}).items():
                yield f"{where} {name}", pointer, example["value"]


def _schema_examples() -> Iterator[tuple[str, str, Any]]:
    for name, schema in SPEC["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            yield f"{name}[{index}]", f"/components/schemas/{name}", example


def test_the_contract_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1.")
    assert contract.spec_path().name == "openapi.yaml"
    assert contract.spec_path().is_file()
    assert contract.spec_version(SPEC) == "8.0.2"


def test_the_operations_are_those_of_the_issues() -> None:
    """The nine of the first issue, and the eight of issue 19 (schedules, validate, details)."""
    found = {(op.method, op.path, op.operation_id) for op in contract.operations(SPEC)}
    backup = "/api/appliance/recovery/backup"
    job = f"{backup}/job"
    parts = f"{backup}/parts"
    schedules = f"{backup}/schedules"
    assert found == {
        ("POST", backup, "validateBackup"),
        ("GET", f"{job}/details", "listBackupJobDetails"),
        ("POST", schedules, "createBackupSchedule"),
        ("GET", schedules, "listBackupSchedules"),
        ("GET", f"{schedules}/{{schedule}}", "getBackupSchedule"),
        ("PATCH", f"{schedules}/{{schedule}}", "updateBackupSchedule"),
        ("DELETE", f"{schedules}/{{schedule}}", "deleteBackupSchedule"),
        ("POST", f"{schedules}/{{schedule}}", "runBackupSchedule"),
        ("POST", job, "createBackupJob"),
        ("GET", job, "listBackupJobs"),
        ("GET", f"{job}/{{id}}", "getBackupJob"),
        ("POST", f"{job}/{{id}}", "cancelBackupJob"),
        ("GET", parts, "listBackupParts"),
        ("GET", f"{parts}/{{id}}", "getBackupPartSize"),
        ("POST", "/api/session", "createSession"),
        ("GET", "/api/session", "getSession"),
        ("DELETE", "/api/session", "deleteSession"),
    }


@pytest.mark.parametrize(
    ("where", "pointer", "example"),
    [*_media_examples(), *_schema_examples()],
    ids=lambda value: value if isinstance(value, str) and not value.startswith("/") else "",
)
def test_every_example_is_valid(where: str, pointer: str, example: Any) -> None:
    errors = [error.message for error in _validator(pointer).iter_errors(example)]
    assert errors == [], where


def test_every_body_and_answer_carries_an_example() -> None:
    missing = []
    for where, holder in [
        (f"{op} requestBody", body)
        for op, body in ((k, v.get("requestBody")) for k, v in _by_id().items())
        if body
    ] + [
        (f"{op_id} {status}", _resolve(response))
        for op_id, op in _by_id().items()
        for status, response in op["responses"].items()
    ]:
        for media, content in holder.get("content", {}).items():
            if not content.get("examples") and "example" not in content:
                missing.append(f"{where} {media}")
    assert missing == []


def test_the_examples_include_invalid_examples_that_fail() -> None:
    """The example check can fail: a broken example is rejected by its schema."""
    pointer = "/components/schemas/BackupJobStatus"
    broken = {"id": "x", "state": "RUNNING", "messages": [], "progress": 101}
    errors = {error.validator for error in _validator(pointer).iter_errors(broken)}
    assert {"enum", "maximum", "required"} <= errors
    no_zone = {**SPEC["components"]["schemas"]["BackupJobStatus"]["examples"][0]}
    no_zone["start_time"] = "2026-11-27T12:00:00"
    assert not _validator(pointer).is_valid(no_zone)


def test_security_schemes() -> None:
    schemes = SPEC["components"]["securitySchemes"]
    assert schemes["session_id"] == {
        **schemes["session_id"],
        "type": "apiKey",
        "in": "header",
        "name": "vmware-api-session-id",
    }
    assert schemes["basic_auth"]["type"] == "http"
    assert schemes["basic_auth"]["scheme"] == "basic"
    for op_id, op in _by_id().items():
        expected = [{"basic_auth": []}] if op_id == "createSession" else [{"session_id": []}]
        assert op["security"] == expected, op_id


def test_authentication_answers_are_documented() -> None:
    for op_id, op in _by_id().items():
        assert "401" in op["responses"], op_id
        if op_id in BACKUP_OPERATIONS:
            assert "403" in op["responses"], op_id
        if op_id in SESSION_OPERATIONS:
            assert "503" in op["responses"], op_id
        assert "500" in op["responses"], op_id
        assert "default" not in op["responses"], op_id  # it would make every status documented
    assert {"400", "201"} <= set(_by_id()["createBackupJob"]["responses"])
    for op_id in ("getBackupJob", "cancelBackupJob"):
        assert "404" in _by_id()[op_id]["responses"]


def test_the_error_type_enum_is_vapi_py() -> None:
    assert tuple(SPEC["components"]["schemas"]["VapiErrorType"]["enum"]) == ERROR_TYPES


def test_each_error_status_admits_exactly_the_runtime_types() -> None:
    """The per-status error schemas and contract/vapi.py cannot drift apart."""
    for op_id, op in _by_id().items():
        for status, response in op["responses"].items():
            if int(status) < 400:
                continue
            schema = _resolve(response)["content"]["application/json"]["schema"]
            name = schema["$ref"].rsplit("/", 1)[-1]
            parts = SPEC["components"]["schemas"][name]["allOf"]
            assert parts[0] == {"$ref": "#/components/schemas/VapiError"}, (op_id, status)
            enum = parts[1]["properties"]["error_type"]["enum"]
            assert set(enum) == types_for(int(status)), (op_id, status, name)


def test_an_error_type_of_another_status_is_rejected() -> None:
    body = {"error_type": "NOT_FOUND", "messages": []}
    assert _validator("/components/schemas/NotFoundError").is_valid(body)
    assert not _validator("/components/schemas/BadRequestError").is_valid(body)
    assert not _validator("/components/schemas/VapiError").is_valid({"error_type": "NOT_FOUND"})


def test_create_links_to_get_and_cancel_by_the_job_id() -> None:
    links = _by_id()["createBackupJob"]["responses"]["201"]["links"]
    assert links["getBackupJob"]["operationId"] == "getBackupJob"
    assert links["getBackupJob"]["parameters"] == {"id": "$response.body#/id"}
    assert links["cancelBackupJob"]["parameters"] == {
        "id": "$response.body#/id",
        "action": "cancel",
    }
    operation_ids = set(_by_id())
    for op in _by_id().values():
        for response in op["responses"].values():
            for link in response.get("links", {}).values():
                assert link["operationId"] in operation_ids


def test_operations_lists_statuses_in_file_order() -> None:
    create = next(op for op in contract.operations(SPEC) if op.operation_id == "createBackupJob")
    assert create.statuses == ("201", "400", "401", "403", "415", "500")
    assert create.summary


def test_operations_know_their_actions() -> None:
    actions = {op.operation_id: op.action for op in contract.operations(SPEC)}
    assert actions.pop("cancelBackupJob") == "cancel"
    assert actions.pop("validateBackup") == "validate"
    assert actions.pop("runBackupSchedule") == "run"
    assert set(actions.values()) == {None}
    cancel = next(op for op in contract.operations(SPEC) if op.action == "cancel")
    assert cancel.target == "/api/appliance/recovery/backup/job/{id}?action=cancel"


def test_find_tells_details_from_a_job_and_validate_from_create() -> None:
    """A concrete path picks the most specific operation: ``job/details`` is not a job id."""
    details = contract.find("GET", "/api/appliance/recovery/backup/job/details")
    assert details is not None and details.operation_id == "listBackupJobDetails"
    job = contract.find("GET", "/api/appliance/recovery/backup/job/20261127-1")
    assert job is not None and job.operation_id == "getBackupJob"
    validate = contract.find("POST", "/api/appliance/recovery/backup", "validate")
    assert validate is not None and validate.operation_id == "validateBackup"
    run = contract.find("POST", "/api/appliance/recovery/backup/schedules/default", "run")
    assert run is not None and run.operation_id == "runBackupSchedule"


def test_spec_path_prefers_the_copy_packaged_in_a_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "openapi.yaml").write_text("openapi: 3.1.0\n", encoding="utf-8")
    monkeypatch.setattr(contract.resources, "files", lambda package: tmp_path)
    assert contract.spec_path() == tmp_path / "openapi.yaml"


def test_spec_path_falls_back_to_the_repository_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contract.resources, "files", lambda package: tmp_path)
    repository = Path(contract.__file__).resolve().parents[3]
    assert contract.spec_path() == repository / "openapi.yaml"


def test_load_spec_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(contract.SpecNotFound, match="does not exist"):
        contract.load_spec(tmp_path / "nope.yaml")


def _broken_spec(tmp_path: Path) -> Path:
    document = yaml.safe_load(contract.spec_path().read_text(encoding="utf-8"))
    del document["paths"]["/api/session"]["post"]["responses"]["201"]["description"]
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_validate_spec_gives_the_validators_message(tmp_path: Path) -> None:
    with pytest.raises(contract.SpecError, match='"description" is a required property'):
        contract.validate_spec(_broken_spec(tmp_path))


def test_validate_spec_names_an_unresolvable_reference(tmp_path: Path) -> None:
    document = yaml.safe_load(contract.spec_path().read_text(encoding="utf-8"))
    document["paths"]["/api/session"]["get"]["responses"]["200"] = {
        "$ref": "#/components/responses/Nope"
    }
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(contract.SpecError, match=r"unresolvable reference.*Nope"):
        contract.validate_spec(path)


def test_validate_spec_of_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text("- openapi\n- 3.1.0\n", encoding="utf-8")
    with pytest.raises(contract.SpecError, match="the document is not a mapping"):
        contract.validate_spec(path)


def test_validate_spec_of_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "openapi.yaml"
    path.write_text("openapi: [\n", encoding="utf-8")
    with pytest.raises(contract.SpecError, match="does not parse as YAML"):
        contract.validate_spec(path)


def test_validate_spec_refuses_openapi_3_0(tmp_path: Path) -> None:
    document = {**SPEC, "openapi": "3.0.3"}
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(contract.SpecError, match=r"not valid OpenAPI 3\.1.*3\.0\.3"):
        contract.validate_spec(path)


def test_cli_spec_prints_the_operations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("vCenter Server Appliance backup API 8.0.2 (OpenAPI 3.1.0)\n")
    rows = [line.split() for line in out.splitlines()]
    assert ["METHOD", "PATH", "OPERATION", "STATUSES"] in rows
    for op in contract.operations(SPEC):
        assert [op.method, op.target, op.operation_id, *op.statuses] in rows
    assert out.rstrip().endswith("17 operations")


CLI_TABLE = "".join(
    [
        "METHOD  PATH                                                            "
        "OPERATION             STATUSES\n",
        "POST    /api/appliance/recovery/backup/job                              "
        "createBackupJob       201 400 401 403 415 500\n",
        "GET     /api/appliance/recovery/backup/job                              "
        "listBackupJobs        200 401 403 500\n",
        "GET     /api/appliance/recovery/backup/job/{id}                         "
        "getBackupJob          200 401 403 404 500\n",
        "POST    /api/appliance/recovery/backup/job/{id}?action=cancel           "
        "cancelBackupJob       200 400 401 403 404 500\n",
        "GET     /api/appliance/recovery/backup/job/details                      "
        "listBackupJobDetails  200 401 403 500\n",
        "GET     /api/appliance/recovery/backup/parts                            "
        "listBackupParts       200 401 403 500\n",
        "GET     /api/appliance/recovery/backup/parts/{id}                       "
        "getBackupPartSize     200 401 403 404 500\n",
        "POST    /api/appliance/recovery/backup?action=validate                  "
        "validateBackup        200 400 401 403 404 415 500\n",
        "POST    /api/appliance/recovery/backup/schedules                        "
        "createBackupSchedule  204 400 401 403 415 500\n",
        "GET     /api/appliance/recovery/backup/schedules                        "
        "listBackupSchedules   200 401 403 500\n",
        "GET     /api/appliance/recovery/backup/schedules/{schedule}             "
        "getBackupSchedule     200 401 403 404 500\n",
        "PATCH   /api/appliance/recovery/backup/schedules/{schedule}             "
        "updateBackupSchedule  204 400 401 403 404 415 500\n",
        "DELETE  /api/appliance/recovery/backup/schedules/{schedule}             "
        "deleteBackupSchedule  204 401 403 404 500\n",
        "POST    /api/appliance/recovery/backup/schedules/{schedule}?action=run  "
        "runBackupSchedule     200 400 401 403 404 415 500\n",
        "POST    /api/session                                                    "
        "createSession         201 401 500 503\n",
        "GET     /api/session                                                    "
        "getSession            200 401 500 503\n",
        "DELETE  /api/session                                                    "
        "deleteSession         204 401 500 503\n",
        "\n",
        "17 operations\n",
    ]
)


def test_cli_spec_output_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    """What people read: update this snapshot together with openapi.yaml."""
    assert main(["spec"]) == 0
    lines = capsys.readouterr().out.splitlines(keepends=True)
    assert lines[1] == f"{contract.spec_path()}: valid OpenAPI 3.1\n"
    assert "".join(lines[3:]) == CLI_TABLE


def test_cli_spec_of_a_broken_file_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["spec", "--path", str(_broken_spec(tmp_path))]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(
        "vcsa-conformance: error: openapi.yaml is not valid OpenAPI 3.1: "
        "\"description\" is a required property (at $.paths['/api/session'].post.responses"
    )


def test_cli_spec_of_a_missing_file_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["spec", "--path", str(tmp_path / "nope.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nope.yaml does not exist" in err
    assert "--path FILE" in err
