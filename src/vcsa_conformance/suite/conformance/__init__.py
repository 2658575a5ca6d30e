"""The conformance tests, one module per area, and the steps they share (``scenarios``).

Each test names its requirements (``requirement`` marker) and its place in the plan of a run
(``step`` marker); the plugin refuses a test without them. May import anything in the suite.
"""

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent
