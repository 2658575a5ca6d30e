"""The mock appliance: a Starlette app simulating the backup-job API.

One model (``model``: the ``Appliance``, its sessions, jobs, parts, protocol-independent
faults) is served by the wire protocols (``protocols``: ``rest`` for the /api REST form,
``jsonrpc``, ``rest_legacy``) that ``create_app`` assembles; ``serve_in_thread`` and ``serve``
run it under uvicorn over HTTPS.
The mock never imports the suite.
"""

from vcsa_conformance.mock.app import create_app
from vcsa_conformance.mock.model.appliance import Appliance
from vcsa_conformance.mock.model.config import MockConfig, User
from vcsa_conformance.mock.model.errors import VapiError
from vcsa_conformance.mock.model.faults import Fault
from vcsa_conformance.mock.model.variants import Variant
from vcsa_conformance.mock.server import RunningMock, serve, serve_in_thread

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
