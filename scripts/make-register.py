#!/usr/bin/env python3
"""Make the national unit register shipped in data/register/.

Reads the published 2025 register and its old-to-new mapping from the
vietnamadminunits wheel on the Python package index (MIT licence; its data come
from the General Statistics Office's register, danhmuchanhchinh.gso.gov.vn, and
sapnhap.bando.com.vn) and writes, in kehoach's register CSV format:

  data/register/units.csv        every version: the 63 provinces, 696 districts
                                 and 10,035 communes that ended on 2025-06-30,
                                 and the 34 provinces and 3,321 communes from
                                 2025-07-01 (an unchanged province keeps one
                                 version, open at both ends)
  data/register/successions.csv  the edges of 2025-07-01, old code to new code,
                                 with no share (the source publishes none)

Only facts are taken (codes, names, levels, parents, the mapping); no code of
the package is run. The wheel is pinned by version and SHA-256.

  python3 scripts/make-register.py [--wheel FILE] [--out DIR]

Without --wheel the wheel is fetched with `pip download` into a temporary
directory. The output is deterministic: running it twice writes the same bytes.
"""

import argparse
import csv
import hashlib
import io
import json
import pathlib
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
SHA256 = "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35"
REFORM = "2025-07-01"
LAST_DAY = "2025-06-30"

# The five island districts that had no communes: the source maps each to a
# new special zone (đặc khu), a commune-level unit. kehoach's successions join
# units of one level, so these districts end with no edge (docs/data-model.md).
ISLAND_DISTRICTS = {"huyenbachlongvi", "huyenconco", "huyenhoangsa", "huyenlyson", "huyencondao"}


def fetch_wheel(directory):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         f"{PACKAGE}=={VERSION}", "-d", directory],
        check=True, stdout=subprocess.DEVNULL)
    wheels = list(pathlib.Path(directory).glob(f"{PACKAGE}-{VERSION}-*.whl"))
    if len(wheels) != 1:
        sys.exit(f"make-register: pip did not leave one {PACKAGE} {VERSION} wheel in {directory}")
    return wheels[0]


def read_wheel(path):
    data = pathlib.Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        sys.exit(f"make-register: {path} has SHA-256 {digest}, not the pinned {SHA256}")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        mapping = json.loads(z.read(f"{PACKAGE}/data/converter_2025.json"))
        db = z.read(f"{PACKAGE}/data/dataset.db")
    with tempfile.NamedTemporaryFile(suffix=".db") as f:
        f.write(db)
        f.flush()
        con = sqlite3.connect(f.name)
        new = con.execute(
            "SELECT province, provinceCode, provinceKey, ward, wardCode, wardKey FROM admin_units").fetchall()
        old = con.execute(
            "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey, "
            "ward, wardCode, wardKey FROM admin_units_legacy").fetchall()
        con.close()
    return new, old, mapping


def build(new, old, mapping):
    versions = {}   # (code, valid_from or "") -> row
    edges = set()   # (old_code, new_code)

    def add(code, name, level, parent, valid_from, valid_to):
        key = (code, valid_from, level)
        row = (code, name, level, parent, valid_from, valid_to)
        if versions.setdefault(key, row) != row:
            sys.exit(f"make-register: {level} {code} is published with two different records")

    # The old register: provinces, districts and communes up to 2025-06-30.
    old_province_code = {}
    old_commune_code = {}
    for p, pc, pk, d, dc, dk, w, wc, wk in old:
        old_province_code[pk] = (pc, p)
        add(pc, p, "province", "", "", LAST_DAY)
        add(dc, d, "district", pc, "", LAST_DAY)
        if wc is None:
            if dk not in ISLAND_DISTRICTS:
                sys.exit(f"make-register: district {dc} has a row without a commune")
            continue
        add(wc, w, "commune", dc, "", LAST_DAY)
        old_commune_code[f"{pk}_{dk}_{wk}"] = wc

    # The new register from 2025-07-01.
    new_province_code = {}
    new_commune_code = {}
    for p, pc, pk, w, wc, wk in new:
        new_province_code[pk] = (pc, p)
        new_commune_code[(pk, wk)] = wc
        add(wc, w, "commune", pc, REFORM, "")

    # Provinces: an unchanged one (one predecessor, same code and name) keeps a
    # single version; every other new province is a new version with edges.
    for npk, old_keys in sorted(mapping["DICT_PROVINCE"].items()):
        code, name = new_province_code[npk]
        olds = [old_province_code[k] for k in old_keys]
        if len(olds) == 1 and olds[0] == (code, name):
            del versions[(code, "", "province")]
            add(code, name, "province", "", "", "")
            continue
        add(code, name, "province", "", REFORM, "")
        for old_code, _ in olds:
            edges.add((old_code, code))

    # Communes: those merged whole, then those divided among several.
    def old_code_of(key):
        if key in old_commune_code:
            return old_commune_code[key]
        if key.endswith("_") and key.split("_")[1] in ISLAND_DISTRICTS:
            return None
        sys.exit(f"make-register: the mapping names an unknown old commune {key}")

    for npk, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for nwk, old_keys in wards.items():
            to = new_commune_code[(npk, nwk)]
            for key in old_keys:
                if (frm := old_code_of(key)) is not None:
                    edges.add((frm, to))
    for npk, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, targets in divided.items():
            frm = old_code_of(key)
            if frm is None:
                continue
            for t in targets:
                edges.add((frm, new_commune_code[(npk, t["newWardKey"])]))

    rows = sorted(versions.values(), key=lambda r: ({"province": 0, "district": 1, "commune": 2}[r[2]], r[0], r[4]))
    return rows, sorted(edges)


def write_csv(path, header, rows):
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help=f"a downloaded {PACKAGE} {VERSION} wheel")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent / "data" / "register"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        new, old, mapping = read_wheel(args.wheel or fetch_wheel(tmp))
    versions, edges = build(new, old, mapping)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "units.csv", ["code", "name", "level", "parent", "valid_from", "valid_to"], versions)
    write_csv(out / "successions.csv", ["old_code", "new_code", "date", "share"],
              [(a, b, REFORM, "") for a, b in edges])
    counts = {}
    for v in versions:
        state = "current" if not v[5] else "ended"
        counts[(v[2], state)] = counts.get((v[2], state), 0) + 1
    print(f"{out}: {len(versions)} versions, {len(edges)} successions; "
          + ", ".join(f"{n} {lvl} {state}" for (lvl, state), n in sorted(counts.items())))


if __name__ == "__main__":
    main()
