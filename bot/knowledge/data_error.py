"""The one error the knowledge loader raises, worded for the domain expert who edits the files."""

from __future__ import annotations

from collections.abc import Iterable


class KnowledgeError(Exception):
    """A data file is wrong; the message names the file, the entry, the problem and what is allowed.

    Messages are Dutch because the people who fix them edit Dutch YAML files.
    """

    def __init__(
        self, file: str, entry: str | None, problem: str, allowed: Iterable[str] = ()
    ) -> None:
        self.file = file
        self.entry = entry
        self.problem = problem
        self.allowed = tuple(allowed)
        where = f"{file}, {entry}" if entry else file
        message = f"{where}: {problem}"
        if self.allowed:
            message += f" Toegestaan: {', '.join(self.allowed)}."
        super().__init__(message)
