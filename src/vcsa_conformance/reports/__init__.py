"""Report writers: junit.xml, conformance.json, conformance.md and conformance.html."""
