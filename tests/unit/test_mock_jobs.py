"""Backup jobs computed from the clock, ids, and the capped history (mock/model/jobs.py)."""

from __future__ import annotations

import re

from vcsa_conformance.mock.model.jobs import (
    FAILED,
    INPROGRESS,
    SUCCEEDED,
    Job,
    JobStore,
    unreachable,
)

T0 = 1_795_780_800.0  # 2026-11-27T12:00:00Z


def test_progress_rises_to_100_then_succeeds() -> None:
    job = Job("j", T0, T0 + 10)
    readings = [job.progress(T0 + second / 2) for second in range(25)]
    assert readings == sorted(readings)
    assert job.state(T0) == INPROGRESS and job.progress(T0) == 0
    assert job.progress(T0 + 9.999) == 99
    assert job.state(T0 + 10) == SUCCEEDED and job.progress(T0 + 10) == 100
    assert job.messages(T0 + 10) == []


def test_a_job_fails_half_way_when_its_host_is_unreachable() -> None:
    job = Job("j", T0, T0 + 4, failure=unreachable("unreachable.example"))
    assert job.state(T0 + 3) == INPROGRESS
    assert job.state(T0 + 4) == FAILED
    assert job.progress(T0 + 5) == 50
    assert "unreachable.example" in job.messages(T0 + 5)[0]["default_message"]


def test_cancel_ends_the_job_failed_at_the_cancel_time() -> None:
    job = Job("j", T0, T0 + 10)
    job.cancel(T0 + 3)
    assert job.state(T0 + 3) == FAILED
    assert job.end == T0 + 3
    assert job.progress(T0 + 20) == 30
    assert "canceled" in job.messages(T0 + 20)[0]["default_message"]


def test_cancel_of_a_finished_job_changes_nothing() -> None:
    job = Job("j", T0, T0 + 1)
    job.cancel(T0 + 2)
    assert job.state(T0 + 2) == SUCCEEDED and job.end == T0 + 1


def test_ids_follow_the_timestamp_format_and_stay_unique_within_a_second() -> None:
    store = JobStore("24305161", max_jobs=10)
    ids = [store.add(T0 + 0.1 * n, 0, None).id for n in range(3)]
    assert ids == [
        "20261127-120000-24305161",
        "20261127-120001-24305161",
        "20261127-120002-24305161",
    ]
    assert store.ids() == ids[::-1]


def test_uuid_ids() -> None:
    store = JobStore("1", max_jobs=10, uuid_ids=True)
    first, second = store.add(T0, 0, None).id, store.add(T0, 0, None).id
    assert first != second
    assert re.fullmatch(r"[0-9a-f-]{36}", first)


def test_history_is_capped_evicting_the_oldest_finished_job() -> None:
    store = JobStore("1", max_jobs=3)
    running = store.add(T0, 1000, None)
    finished = [store.add(T0 + n, 0, None) for n in range(1, 6)]
    assert len(store) == 3
    assert store.get(running.id) is running
    assert store.ids() == [finished[-1].id, finished[-2].id, running.id]
