"""The mock appliance: a Starlette app simulating the backup-job API."""
