"""A throw-away certificate authority and server certificate, made at start with trustme.

Clients verify the mock with the CA file (``RunningMock.ca_path``) instead of disabling TLS
verification.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import trustme

_LOOPBACK_NAMES = ("127.0.0.1", "::1", "localhost")
_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True)
class TlsFiles:
    """PEM files: the server's key and certificate chain, and the CA that signed it."""

    key_path: Path
    cert_path: Path
    ca_path: Path


def make_tls_files(directory: Path, host: str = "127.0.0.1") -> TlsFiles:
    """Write a fresh CA and a certificate for loopback (and ``host``) into ``directory``."""
    names = list(_LOOPBACK_NAMES)
    if host not in _WILDCARD_HOSTS and host not in names:
        names.append(_normalised(host))
    authority = trustme.CA(organization_name="vcsa-conformance mock")
    certificate = authority.issue_cert(*names)
    files = TlsFiles(directory / "mock-key.pem", directory / "mock-cert.pem", directory / "ca.pem")
    certificate.private_key_pem.write_to_path(str(files.key_path))
    files.cert_path.write_bytes(b"".join(blob.bytes() for blob in certificate.cert_chain_pems))
    authority.cert_pem.write_to_path(str(files.ca_path))
    return files


def _normalised(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host
