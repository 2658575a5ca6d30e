"""Contract, conformance suite and mock appliance for the vCenter Server Appliance backup API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("vcsa-conformance")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

__all__ = ["__version__"]
