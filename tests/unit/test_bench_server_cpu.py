"""bench.server_cpu reads the backends' CPU time and libpq's protocol trace (no measuring here)."""

from __future__ import annotations

import os

from bench.server_cpu import backend_cpu_ns, protocol_counts

TRACE = "\n".join(
    [
        'F\t90\tParse\t "_pg3_7" "SELECT 1" 0',
        'F\t90\tBind\t "" "_pg3_7" 0 0 1 0',
        "F\t4\tSync",
        'F\t40\tParse\t "" "SELECT 2" 0',
        'F\t20\tQuery\t "DEALLOCATE _pg3_1"',
        'F\t12\tClose\t S "_pg3_2"',
        "B\t5\tReadyForQuery\t I",
    ]
)


def test_named_prepares_and_deallocations_are_counted():
    assert protocol_counts(TRACE) == (1, 2)


def test_an_ended_process_counts_nothing():
    own = backend_cpu_ns({os.getpid()})
    assert own > 0
    assert backend_cpu_ns({os.getpid(), 2**22 + 12345}) >= own
    assert backend_cpu_ns({2**22 + 12345}) == 0
