"""Every public operation is served by every face, or marked absent with a reason.

Reads the table of docs/operations.md and checks it against the code:
  - every public method of kehoach::Store (include/kehoach/store.hpp) has a row;
  - every C name of a row is an exported symbol (capi/symbols.txt);
  - every Python name is an attribute of the kehoach module or of kehoach.Store;
  - every CLI command is known to `kehoach … --help`, and every option is
    listed by the --help of its command;
  - a cell without names starts with "—" and gives a reason.
Usage: check_operations.py SOURCE_DIR KEHOACH_CLI   (kehoach importable)
"""
import re
import subprocess
import sys
from pathlib import Path

import kehoach

root, cli = Path(sys.argv[1]), sys.argv[2]
problems = []


def store_methods():
    text = (root / "include" / "kehoach" / "store.hpp").read_text(encoding="utf-8")
    body = text[text.index("class KEHOACH_API Store {"):]
    body = body[:body.index("\n};")]
    public = body.split(" private:")[0]
    names = set()
    for line in public.splitlines():
        code = line.split("//")[0]
        m = re.match(r"\s+(?:static\s+)?[\w:<>,&*\s]+?[\s&*]([a-z_][a-z0-9_]*)\(", code)
        if m:
            names.add(m.group(1))
    return names


def rows():
    text = (root / "docs" / "operations.md").read_text(encoding="utf-8")
    table = text.split("<!-- operations:begin -->")[1].split("<!-- operations:end -->")[0]
    for line in table.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4:
            problems.append(f"a row without 4 cells: {line}")
            continue
        yield cells


def names(cell):
    return re.findall(r"`([^`]+)`", cell)


def absent(cell):
    return cell.startswith("—")


help_cache = {}


def cli_help(words):
    key = tuple(words)
    if key not in help_cache:
        run = subprocess.run([cli, *words, "--help"], capture_output=True, text=True)
        help_cache[key] = (run.returncode, run.stdout + run.stderr)
    return help_cache[key]


exported = set((root / "capi" / "symbols.txt").read_text().split())
listed = set()
for cpp, c, py, command in rows():
    op = names(cpp)[0] if names(cpp) else cpp
    if op.startswith("Store::"):
        listed.add(op.split("::")[1])
    for face, cell in (("C", c), ("Python", py), ("CLI", command)):
        if absent(cell):
            if len(cell.lstrip("— ").strip()) < 8:
                problems.append(f"{op}: the {face} face is absent without a reason")
            continue
        if not names(cell):
            problems.append(f"{op}: the {face} cell names nothing and is not marked absent: {cell!r}")
    for name in names(c) if not absent(c) else []:
        if name not in exported:
            problems.append(f"{op}: {name} is not an exported C symbol")
    for name in names(py) if not absent(py) else []:
        owner, attr = kehoach, name
        while "." in attr:  # Store.load_case, PlanMetrics.to_csv
            head, attr = attr.split(".", 1)
            owner = getattr(owner, head, None)
        if name != "Store" and (owner is None or not hasattr(owner, attr)):
            problems.append(f"{op}: Python has no {name}")
    for name in names(command) if not absent(command) else []:
        words = name.split()
        options = [w for w in words if w.startswith("--")]
        commands = [w for w in words if not w.startswith("--")]
        code, out = cli_help(commands)
        usage = re.search(r"Usage: \S+((?: [a-z][a-z-]*)*)", out)
        if code != 0 or not usage or usage.group(1).split() != commands:
            problems.append(f"{op}: the CLI has no command '{' '.join(commands)}'")
        for option in options:
            if option not in out:
                problems.append(f"{op}: '{' '.join(commands) or 'kehoach'} --help' does not list {option}")

missing = store_methods() - listed
for name in sorted(missing):
    problems.append(f"Store::{name} has no row in docs/operations.md")
for name in sorted(listed - store_methods()):
    problems.append(f"Store::{name} is in docs/operations.md but not a public method of Store")

for p in problems:
    print("FAILED:", p)
print(f"operations: {len(listed)} methods of Store and the free functions checked; {len(problems)} problems")
sys.exit(1 if problems else 0)
