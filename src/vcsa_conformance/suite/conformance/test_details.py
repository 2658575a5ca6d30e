"""Job details (GET .../backup/job/details): every job has them, the filter, the type, and
status, times and progress that agree with the job's own status."""

from __future__ import annotations

import pytest

from vcsa_conformance.contract.api import MANUAL
from vcsa_conformance.suite.conformance.scenarios import a_backup, judge_details, unknown_job_id
from vcsa_conformance.suite.generate.requests import BackupLocation
from vcsa_conformance.suite.http.backups import BackupController
from vcsa_conformance.suite.http.client import Client
from vcsa_conformance.suite.judge import checks, expectations
from vcsa_conformance.suite.judge.recorder import Recorder
from vcsa_conformance.suite.run.plan import Step


@pytest.mark.step(Step.READ_BACK)
@pytest.mark.requirement("BKP-DETAILS-001", "BKP-DETAILS-002", "BKP-DETAILS-003", "BKP-DETAILS-004")
def test_job_details(
    client: Client, backups: BackupController, recorder: Recorder, location: BackupLocation
) -> None:
    """The run's backup (started by create: MANUAL), read in the details of every job, then
    alone through the filter. The list is read first: a job started in between may show in
    the details too, which is right."""
    _, job_id = a_backup(backups, recorder, location)
    listing = client.list_jobs()
    details = client.job_details()
    expectations.answer(recorder, listing)
    expectations.answer(recorder, details)
    body = listing.json
    listed = [job for job in body if isinstance(job, str)] if isinstance(body, list) else []
    recorder.check("BKP-DETAILS-001", checks.check_details_cover, details, [job_id, *listed])
    filtered = client.job_details([job_id])
    expectations.answer(recorder, filtered)
    recorder.check("BKP-DETAILS-003", checks.check_details_filtered, filtered, [job_id])
    judge_details(backups, recorder, job_id, MANUAL)


@pytest.mark.step(Step.READS)
@pytest.mark.requirement("BKP-DETAILS-005")
def test_details_of_an_unknown_job(client: Client, recorder: Recorder) -> None:
    unknown = unknown_job_id()
    exchange = client.job_details([unknown])
    expectations.answer(recorder, exchange)
    recorder.check("BKP-DETAILS-005", checks.check_details_leave_out, exchange, unknown)
