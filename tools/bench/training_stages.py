"""Where a ``rasa train`` spends its time: wall and CPU time per stage (issue 30).

The machine is shared, so wall time alone says little; CPU time (user + sys of the training
process, all its threads) per stage does not depend on what else runs. Runs ``rasa train`` in
this process with the given arguments, times the CLI's validation and every node of Rasa's
training graph (they run one after another), and prints a table and a JSON line.

    .venv/bin/python -m tools.bench.training_stages --json out.json -- train --force ...

Rasa's graph cache goes to a fresh temporary folder, so every run trains from scratch.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STARTED = time.monotonic()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


CPU_AT_START = _cpu()


def _stage(node_name: str) -> str:
    """Group graph nodes by component: ``run_SpacyTokenizer1`` -> ``SpacyTokenizer``."""
    name = node_name
    for prefix in ("train_", "run_", "provide_"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name.rstrip("0123456789") or node_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the stages here as well")
    parser.add_argument("rasa_args", nargs=argparse.REMAINDER, help="-- then rasa's arguments")
    args = parser.parse_args()
    rasa_args = [a for a in args.rasa_args if a != "--"]

    stages: dict[str, list[float]] = {}

    def add(name: str, wall: float, cpu: float) -> None:
        entry = stages.setdefault(name, [0.0, 0.0])
        entry[0] += wall
        entry[1] += cpu

    with tempfile.TemporaryDirectory(prefix="rasa-cache-") as cache:
        os.environ["RASA_CACHE_DIRECTORY"] = cache
        import rasa.__main__ as rasa_main
        import rasa.cli.utils as cli_utils
        from rasa.engine.graph import GraphNode

        add("imports", time.monotonic() - STARTED, _cpu() - CPU_AT_START)

        original_validate: Callable[..., Any] = cli_utils.validate_files

        def timed_validate(*a: Any, **kw: Any) -> Any:
            wall, cpu = time.monotonic(), _cpu()
            try:
                return original_validate(*a, **kw)
            finally:
                add("validation (rasa train)", time.monotonic() - wall, _cpu() - cpu)

        original_call: Callable[..., Any] = GraphNode.__call__

        def timed_call(self: Any, *a: Any, **kw: Any) -> Any:
            wall, cpu = time.monotonic(), _cpu()
            try:
                return original_call(self, *a, **kw)
            finally:
                add(_stage(self._node_name), time.monotonic() - wall, _cpu() - cpu)

        from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

        epochs: list[tuple[float, float]] = []
        original_epoch_end: Callable[..., Any] = RasaBatchDataGenerator.on_epoch_end

        def timed_epoch_end(self: Any) -> None:
            # Keras calls this once before the first epoch and after each one.
            epochs.append((time.monotonic(), _cpu()))
            original_epoch_end(self)

        RasaBatchDataGenerator.on_epoch_end = timed_epoch_end  # type: ignore[method-assign]
        cli_utils.validate_files = timed_validate
        GraphNode.__call__ = timed_call  # type: ignore[method-assign]
        sys.argv = ["rasa", *rasa_args]
        code = 0
        try:
            rasa_main.main()
        except SystemExit as stop:
            code = int(stop.code or 0)

    wall_total = time.monotonic() - STARTED
    cpu_total = _cpu() - CPU_AT_START
    accounted = [sum(v[i] for v in stages.values()) for i in (0, 1)]
    add("rest (graph setup, packing)", wall_total - accounted[0], cpu_total - accounted[1])
    print(f"\n{'stage':<40} {'wall s':>8} {'cpu s':>8}")
    for name, (wall, cpu) in sorted(stages.items(), key=lambda item: -item[1][1]):
        if wall >= 0.05 or cpu >= 0.05:
            print(f"{name:<40} {wall:8.1f} {cpu:8.1f}")
    print(f"{'total':<40} {wall_total:8.1f} {cpu_total:8.1f}")
    result = {
        "wall_s": round(wall_total, 1),
        "cpu_s": round(cpu_total, 1),
        "load_end": os.getloadavg()[0],
        "stages": {k: [round(v[0], 2), round(v[1], 2)] for k, v in stages.items()},
        "exit": code,
        # wall and CPU seconds of each of DIET's epochs (the first includes tracing the graph)
        "epochs": [
            [round(b[0] - a[0], 2), round(b[1] - a[1], 2)] for a, b in itertools.pairwise(epochs)
        ],
    }
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    sys.exit(code)


if __name__ == "__main__":
    main()
