#!/usr/bin/env python3
"""check-man-page.py PEIL_CLI CLI_MD MANPAGE…: TAP. The manual pages format
without a warning, and peil-cli.1 names every command that docs/cli.md's
table and `peil-cli --help` list (each alternative of `a|b` on its own), so
that a command added to one is not forgotten in the other."""
import re, shutil, subprocess, sys

peil_cli, cli_md, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
results = []

ALTERNATIVES = re.compile(r"[a-z][a-z-]*(?:\|[a-z][a-z-]*)*")


def commands(synopsis):
    """'round link|unlink FILE N …' -> {'round link', 'round unlink'}: the
    leading words in lower case, each alternative expanded."""
    words = []
    for token in synopsis.split():
        if not ALTERNATIVES.fullmatch(token):
            break
        words.append(token.split("|"))
    found = {""}
    for choices in words:
        found = {f"{prefix} {choice}".strip() for prefix in found for choice in choices}
    return found - {""}


documented = set()
in_commands = False
for line in open(cli_md):
    if line.startswith("## "):
        in_commands = line.strip() == "## Commands"
    elif in_commands and line.startswith("| `"):
        first_cell = line.split(" | ")[0]
        for synopsis in re.findall(r"`([^`]+)`", first_cell):
            documented |= commands(synopsis.replace("\\|", "|"))

# peil-cli --help: "  new        Start a new incident file"
helped = set()
help_text = subprocess.run([peil_cli, "--help"], capture_output=True, text=True).stdout
for line in help_text.split("Commands:", 1)[-1].splitlines():
    match = re.match(r"^  ([a-z][a-z-]*)\s{2,}\S", line)
    if match:
        helped.add(match.group(1))
results.append((len(documented) > 40 and len(helped) > 20,
                f"read {len(documented)} commands from docs/cli.md and {len(helped)} from peil-cli --help", ""))

# The man page's entries: the line after each .TP of the COMMANDS section,
# its font escapes taken out; ", " separates two synopses on one line.
man_page = next(p for p in pages if p.endswith("peil-cli.1"))
in_commands = False
described = set()
lines = open(man_page).read().splitlines()
for number, line in enumerate(lines):
    if line.startswith(".SH"):
        in_commands = line.strip() == ".SH COMMANDS"
    elif in_commands and line.strip() == ".TP" and number + 1 < len(lines):
        heading = lines[number + 1]
        macro = re.match(r"^\.([A-Z]+)\s*", heading)
        if macro:
            # .BI a "b c": the alternating font macros join their
            # arguments without a space; .B and .I with one.
            arguments = [quoted or bare for quoted, bare in
                         re.findall(r'"([^"]*)"|(\S+)', heading[macro.end():])]
            heading = (" " if len(macro.group(1)) == 1 else "").join(arguments)
        heading = re.sub(r"\\f[BIRP]", "", heading).replace("\\-", "-").replace("\\&", "")
        for synopsis in heading.split(", "):
            described |= commands(synopsis)

missing = sorted(documented - described)
results.append((not missing, "peil-cli.1 describes every command of docs/cli.md", "missing: " + ", ".join(missing)))
missing = sorted(helped - {c.split()[0] for c in described})
results.append((not missing, "peil-cli.1 describes every command of peil-cli --help", "missing: " + ", ".join(missing)))
text = open(man_page).read()
for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"):
    results.append((f"\n.SH {section}\n" in text, f"peil-cli.1 has a section {section}", ""))

groff = shutil.which("groff")
for page in pages:
    if not groff:
        results.append((None, f"{page.rsplit('/', 1)[-1]} formats without warnings", "groff is not installed"))
        continue
    run = subprocess.run([groff, "-man", "-ww", "-z", page], capture_output=True, text=True,
                         env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    results.append((run.returncode == 0 and not run.stderr.strip(),
                    f"{page.rsplit('/', 1)[-1]} formats without warnings", run.stderr))

print(f"1..{len(results)}")
for number, (ok, what, detail) in enumerate(results, 1):
    if ok is None:
        print(f"ok {number} - {what} # SKIP {detail}")
        continue
    print(f"{'ok' if ok else 'not ok'} {number} - {what}")
    if not ok and detail:
        print("\n".join("# " + line for line in detail.strip().splitlines()[:20]))
sys.exit(0 if all(ok is not False for ok, _, _ in results) else 1)
