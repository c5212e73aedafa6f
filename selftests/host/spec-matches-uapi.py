#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL spec and the UAPI header describe the same family: every enum,
attribute and command in the spec has the value the header gives it, as
the C compiler reads it, and the header has nothing the spec lacks. (The
header is generated from the spec, uapi-header.sh; this reads the result
as a program would.) Every limit a check names is defined, and teredoctl
names every counter as the spec does."""
import os
import re
import subprocess
import sys

import yaml

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = yaml.safe_load(open(os.path.join(repo, "Documentation/netlink/specs/teredo.yaml")))
header = os.path.join(repo, "include/uapi/linux/teredo.h")


def c_name(prefix, name):
    return (prefix + name).upper().replace("-", "_")


def expected():
    """{group: [(C name, value)]} for everything the spec defines."""
    out = {}
    # Numbers: the C compiler reads them below (the link kinds are strings).
    consts = [d for d in spec["definitions"]
              if d["type"] == "const" and isinstance(d["value"], int)]
    out["constants"] = [(c_name(d.get("name-prefix", spec["name"] + "-"), d["name"]),
                         d["value"]) for d in consts]
    for d in spec["definitions"]:
        if d["type"] == "const":
            continue
        out["enum " + d["enum-name"]] = [
            (c_name(d["name-prefix"], e if isinstance(e, str) else e["name"]), i)
            for i, e in enumerate(d["entries"])]
    for s in spec["attribute-sets"]:
        if "subset-of" in s:
            continue  # a request's view of another set: no enum of its own
        v = 0
        group = out.setdefault("attribute set " + s["name"], [])
        for a in s["attributes"]:
            v = a.get("value", v)
            group.append((c_name(s["name-prefix"], a["name"]), v))
            v += 1
    ops = spec["operations"]
    v = 0
    group = out.setdefault("operations", [])
    for o in ops["list"]:
        v = o.get("value", v)
        group.append((c_name(ops["name-prefix"], o["name"]), v))
        v += 1
    return out


def header_values(names):
    """Ask the C compiler what the header says, so enums are read right."""
    prog = "#include <stdio.h>\n#include <linux/teredo.h>\nint main(void){\n"
    for n in names:
        prog += f'printf("%s %ld\\n", "{n}", (long){n});\n'
    prog += "return 0;}\n"
    exe = "/tmp/spec-check.%d" % os.getpid()
    subprocess.run(["cc", "-x", "c", "-o", exe, "-I" + os.path.join(repo, "include/uapi"), "-"],
                   input=prog.encode(), check=True)
    try:
        res = subprocess.run([exe], check=True, capture_output=True).stdout.decode()
    finally:
        os.unlink(exe)
    return dict((l.split()[0], int(l.split()[1])) for l in res.splitlines())


def header_enumerators():
    text = open(header).read()
    names = set()
    for body in re.findall(r"enum \w+ \{(.*?)\};", text, re.S):
        for m in re.finditer(r"^\s*([A-Z][A-Z0-9_]+)", body, re.M):
            # X_MAX = (__X_MAX - 1): the count, not an entry
            if "__" + m.group(1) not in body:
                names.add(m.group(1))
    return names


print("TAP version 13")
n = 0
fail = 0
exp = expected()
allnames = [k for g in exp.values() for k, _ in g]
got = header_values(allnames)
for group, items in exp.items():
    n += 1
    bad = [f"{k}: spec {v}, header {got.get(k)}" for k, v in items if got.get(k) != v]
    if bad:
        fail += 1
        print(f"not ok {n} {group}: spec values match the header")
        for b in bad:
            print("#   " + b)
    else:
        print(f"ok {n} {group}: spec values match the header")
n += 1
extra = header_enumerators() - set(allnames)
if extra:
    fail += 1
    print(f"not ok {n} header has no enumerators missing from the spec\n#   {sorted(extra)}")
else:
    print(f"ok {n} header has no enumerators missing from the spec")

# ... nor limits or defaults (numbers) missing from it.
n += 1
consts = {k for k, _ in exp["constants"]}
extra = set(re.findall(r"^#define (TEREDO_\w+_(?:MIN|MAX|DEFAULT))\s+\d+", open(header).read(),
                       re.M)) - consts
if extra:
    fail += 1
    print(f"not ok {n} header has no limits missing from the spec\n#   {sorted(extra)}")
else:
    print(f"ok {n} header has no limits missing from the spec")

# An attribute's check that names a limit names one the spec defines.
n += 1
known = {d["name"] for d in spec["definitions"] if d["type"] == "const"}
unknown = [f'{s["name"]}.{a["name"]}: {k} {v}' for s in spec["attribute-sets"]
           for a in s["attributes"] for k, v in a.get("checks", {}).items()
           if isinstance(v, str) and v not in known]
if unknown:
    fail += 1
    print(f"not ok {n} every limit a check names is a spec constant\n#   {unknown}")
else:
    print(f"ok {n} every limit a check names is a spec constant")

# teredoctl must name every counter the header defines, under the spec's
# name (dashes become underscores in its output).
n += 1
prog = """#include <stdio.h>
#include <linux/teredo.h>
const char *progname = "t";
const char *stat_name(unsigned int stat);
int main(void) {
	for (int i = TEREDO_STATS_RX_PACKETS; i <= TEREDO_STATS_MAX; i++)
		printf("%s\\n", stat_name(i) ? stat_name(i) : "(null)");
	return 0;
}
"""
exe = "/tmp/names-check.%d" % os.getpid()
subprocess.run(["cc", "-x", "c", "-o", exe, "-I" + os.path.join(repo, "include/uapi"),
                "-I" + os.path.join(repo, "include"),
                "-I" + os.path.join(repo, "tools"), "-", "-x", "none",
                os.path.join(repo, "tools/names.c")], input=prog.encode(), check=True)
try:
    shown = subprocess.run([exe], check=True, capture_output=True).stdout.decode().split()
finally:
    os.unlink(exe)
want = [a["name"].replace("-", "_") for a in
        [x for x in spec["attribute-sets"] if x["name"] == "stats"][0]["attributes"]
        if a["type"] == "u64"]
if shown == want:
    print(f"ok {n} teredoctl names every counter as the spec does")
else:
    fail += 1
    print(f"not ok {n} teredoctl names every counter as the spec does\n#   tool {shown}\n#   spec {want}")
print(f"1..{n}")
sys.exit(1 if fail else 0)
