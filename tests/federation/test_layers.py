"""members ← events ← outcomes, wired by federation: a lower app never imports a higher one."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

FORBIDDEN = {
    "members": {"events", "outcomes", "federation"},
    "events": {"outcomes", "federation"},
    "outcomes": {"federation"},
}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_apps_import_only_lower_layers(app):
    offending = []
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        for module in imported_modules(path):
            if module.split(".")[0] in FORBIDDEN[app]:
                offending.append(f"{path.relative_to(settings.BASE_DIR)}: {module}")
    assert not offending
