"""Runs inside kubernetes-validate's own virtualenv: YAML documents on stdin, JSON out.

kubernetes-validate needs a newer jsonschema than Rasa 3.6 allows, so it cannot live in
the project's .venv; ``scripts/validate_k8s.py`` starts this file with that venv's Python.
Prints one JSON object per document: kind, name and the error (null when valid).
"""

from __future__ import annotations

import json
import sys

import kubernetes_validate
import yaml


def main() -> None:
    version = sys.argv[1]
    results = []
    for document in yaml.safe_load_all(sys.stdin.read()):
        if not document:
            continue
        meta = document.get("metadata") or {}
        error = None
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except Exception as problem:  # every kind of refusal is reported
            error = f"{type(problem).__name__}: {problem}"[:600]
        results.append({"kind": document.get("kind"), "name": meta.get("name"), "error": error})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
