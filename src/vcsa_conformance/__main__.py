"""Allow ``python -m vcsa_conformance``."""

from vcsa_conformance.cli.main import main

raise SystemExit(main())
