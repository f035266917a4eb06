"""Reading Markdown tables the way GitHub does, for tests of generated Markdown."""

from __future__ import annotations


def split_row(line: str) -> list[str]:
    """A table row's cells as GitHub splits them: a backslash escapes the next character, a bare | ends a cell."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, current, index = [], "", 1
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current += line[index : index + 2]
            index += 2
            continue
        if char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
        index += 1
    return cells
