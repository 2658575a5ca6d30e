"""The plan of a run: the order its conformance tests run in, as data.

Each conformance test carries ``@pytest.mark.step(Step.X)`` (a module may set it for all its
tests); the plugin sorts by it and refuses a test without one. The order is what makes a
live run safe and complete with two backups (docs/suite.md, "The plan of a live run" and
"The backup budget"):

1. everything that creates nothing, then every invalid create, while the appliance is idle,
   so that a wrong acceptance is seen; the nearest invalid neighbours first;
2. the run's first backup, started by N concurrent creates, and the tests that share it while
   it runs: a second create at once, its canary secrets read back, valid creates answered
   FEATURE_IN_USE, schemathesis' cases, reading it back, then following it to its end;
3. the second backup, a create once the first has ended, cancelled at once; then a cancel of
   a finished job; then (with schedule writes) a schedule's run starts a third, cancelled
   once its details are read;
4. last, the SHOULD-only tests whose invalid creates a conformant appliance may accept: they
   spend what budget is left, never the MUSTs' share.
"""

from __future__ import annotations

from enum import IntEnum


class Step(IntEnum):
    """A place in the plan; tests of one step run in the order pytest collects them."""

    READS = 10  # creates nothing (bar refused creates without a session)
    NEIGHBOURS = 20  # the nearest invalid neighbour of every input rule
    INVALID = 30  # every other invalid create
    FIRST_BACKUP = 40  # N concurrent creates start backup 1
    SECOND_CREATE = 41  # a second create while it runs
    SECRETS = 42  # its canary secrets read back
    BUSY_CREATES = 43  # valid creates while it runs
    SCHEMA = 44  # schemathesis' cases while it runs
    READ_BACK = 45  # found and listed
    FOLLOW = 46  # followed to its end
    SECOND_BACKUP = 50  # a create once backup 1 has ended starts backup 2
    CANCEL = 51  # backup 2 cancelled at once
    CANCEL_FINISHED = 52  # a cancel of a finished job
    SCHEDULE_RUN = 53  # a schedule's run on the idle appliance starts backup 3
    LEFTOVERS = 60  # SHOULD-only creates a conformant appliance may accept
