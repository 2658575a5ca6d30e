"""The mock appliance: a Starlette app simulating the backup-job API.

One model (``Appliance``: sessions, jobs, parts, protocol-independent faults) is served by
protocol modules (``api`` for the /api REST form, ``jsonrpc``, ``rest_legacy``) that
``create_app`` assembles; ``serve_in_thread`` and ``serve`` run it under uvicorn over HTTPS.
The mock never imports the suite.
"""

from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.appliance import Appliance
from vcsa_conformance.mock.config import MockConfig, User
from vcsa_conformance.mock.errors import VapiError
from vcsa_conformance.mock.faults import Fault
from vcsa_conformance.mock.server import RunningMock, serve, serve_in_thread
from vcsa_conformance.mock.variants import Variant

__all__ = [
    "Appliance",
    "Fault",
    "MockConfig",
    "RunningMock",
    "User",
    "VapiError",
    "Variant",
    "create_app",
    "serve",
    "serve_in_thread",
]
