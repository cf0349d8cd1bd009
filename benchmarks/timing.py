"""Percentiles of timing samples for the latency benchmarks, so each reports them the same way."""

from __future__ import annotations

import os
import statistics


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank `p`th percentile (0-100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms_summary(timings: list[float]) -> str:
    """One line of p50 / p90 / p99 / max / mean for timings in milliseconds."""
    return (f"p50 {percentile(timings, 50):.2f} ms   p90 {percentile(timings, 90):.2f} ms   "
            f"p99 {percentile(timings, 99):.2f} ms   max {max(timings):.2f} ms   "
            f"mean {statistics.fmean(timings):.2f} ms")


def pin_to_one_core() -> None:
    """Runs the rest of the benchmark on one core (where the OS allows), as the targets are per core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
