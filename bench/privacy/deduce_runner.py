"""Runs deduce 3.0.6 on the benchmark texts, in its own virtualenv (not Rasa's).

Reads a JSON list of texts on stdin, writes a JSON list of de-identified texts on stdout.
Called by tools/bench/privacy.py; knows nothing about the project.
"""

import json
import logging
import sys

logging.disable(logging.WARNING)

import deduce  # noqa: E402


def main() -> None:
    texts = json.load(sys.stdin)
    deid = deduce.Deduce()
    json.dump([deid.deidentify(text).deidentified_text for text in texts], sys.stdout)


if __name__ == "__main__":
    main()
