#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the demo exercise scenario against the format that Peil's scenario
reader expects and against what the demo promises (issue 12).

Usage: check-demo.py [SCENARIO.csv] [--taxonomy default.json]

Without arguments it checks kraanongeval.csv beside this script against
data/taxonomy/default.json. Prints a summary, or every problem with its line
number; exits 1 if there is a problem. Standard library only.
"""

import argparse
import collections
import csv
import io
import json
import os
import re
import sys

HEADER = ["id", "tijd", "kanaal", "auteur", "tekst", "tags", "prioriteit",
          "gerucht", "deadline", "verwachte actie", "notitie trainer"]
CHANNELS = ["x", "facebook", "instagram", "news", "phone", "whatsapp",
            "webcare", "crisis team"]
PRIORITIES = ["hoog", "middel", "laag"]
TIME_RE = re.compile(r"^\+(\d+):([0-5]\d)(?::([0-5]\d))?$")
ID_RE = re.compile(r"^K(\d{3})$")

MIN_ROWS, MAX_ROWS = 140, 160
MIN_SPAN, MAX_SPAN = 85 * 60, 95 * 60   # "about 90 minutes"
N_RUMOURS = 3
MIN_PER_RUMOUR = 3                      # "carried by several injects"


def load_taxonomy(path):
    """Returns {code: (dimension code, single_choice, hidden)}."""
    with open(path, encoding="utf-8") as f:
        taxonomy = json.load(f)
    codes = {}
    for dim in taxonomy["dimensions"]:
        for tag in dim["tags"]:
            codes[tag["code"]] = (dim["code"], bool(dim.get("single_choice")),
                                  bool(tag.get("hidden")))
    return codes


def fmt(seconds):
    return "+%d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)


def check(path, taxonomy_path):
    problems = []

    def problem(line, message):
        problems.append((line, "%s:%d: %s" % (os.path.basename(path), line, message)))

    codes = load_taxonomy(taxonomy_path)

    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        problem(1, "starts with a byte order mark")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problem(1, "not UTF-8: %s" % e)
        return [message for _, message in problems], None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        problem(1, "no header: %s" % e)
        return [message for _, message in problems], None
    if header != HEADER:
        problem(1, "header is %r, expected %r" % (",".join(header), ",".join(HEADER)))

    rows = []
    try:
        for fields in reader:
            line = reader.line_num
            if fields == []:
                problem(line, "empty line")
                continue
            if len(fields) != len(HEADER):
                problem(line, "%d fields, expected %d" % (len(fields), len(HEADER)))
                continue
            rows.append((line, dict(zip(HEADER, fields))))
    except csv.Error as e:
        problem(reader.line_num, "unreadable CSV: %s" % e)

    seen_ids = set()
    previous_number = 0
    previous = None
    first_offset = last_offset = None
    channels = collections.Counter()
    rumours = collections.OrderedDict()
    n_unassessed = n_no_tag = 0
    priorities = collections.Counter()

    for line, row in rows:
        for name, value in row.items():
            if value != value.strip():
                problem(line, "%s has leading or trailing white space" % name)

        # id: K001, K002, … in file order
        m = ID_RE.match(row["id"])
        if not m:
            problem(line, "id %r is not K followed by three digits" % row["id"])
        else:
            number = int(m.group(1))
            if row["id"] in seen_ids:
                problem(line, "id %s used twice" % row["id"])
            else:
                if number != previous_number + 1:
                    problem(line, "id %s out of sequence (expected K%03d)"
                            % (row["id"], previous_number + 1))
                previous_number = number
        seen_ids.add(row["id"])

        # tijd: +H:MM or +H:MM:SS, never decreasing
        m = TIME_RE.match(row["tijd"])
        if not m:
            problem(line, "time %r is not +H:MM or +H:MM:SS" % row["tijd"])
        else:
            offset = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3) or 0)
            if previous is not None and offset < previous:
                problem(line, "time %s is before the previous inject's" % row["tijd"])
            previous = offset
            if first_offset is None:
                first_offset = offset
            last_offset = offset

        if row["kanaal"] not in CHANNELS:
            problem(line, "unknown channel %r" % row["kanaal"])
        channels[row["kanaal"]] += 1

        if not row["auteur"]:
            problem(line, "no author")
        elif row["kanaal"] == "phone" and not row["auteur"].startswith("Beller"):
            problem(line, "a phone inject's author describes the caller (\"Beller, …\")")
        if not row["tekst"]:
            problem(line, "no text")

        # tags: empty = not assessed, "-" = assessed and deserves none
        tags = row["tags"]
        rumour_tags = []
        if tags == "":
            n_unassessed += 1
        elif tags == "-":
            n_no_tag += 1
        else:
            listed = tags.split(";")
            single = collections.Counter()
            for code in listed:
                if code not in codes:
                    problem(line, "unknown tag %r" % code)
                    continue
                dim, single_choice, hidden = codes[code]
                if hidden:
                    problem(line, "tag %s is hidden in the default taxonomy" % code)
                if single_choice:
                    single[dim] += 1
                if dim == "RUMOUR":
                    rumour_tags.append(code)
            for code, count in collections.Counter(listed).items():
                if count > 1:
                    problem(line, "tag %s given twice" % code)
            for dim, count in single.items():
                if count > 1:
                    problem(line, "%d tags of single-choice dimension %s" % (count, dim))

        # prioriteit and deadline (minutes)
        priority = row["prioriteit"]
        if priority and priority not in PRIORITIES:
            problem(line, "priority %r is not hoog, middel or laag" % priority)
        priorities[priority or "(none)"] += 1
        deadline = row["deadline"]
        if deadline:
            if not deadline.isdigit() or int(deadline) == 0:
                problem(line, "deadline %r is not a positive number of minutes" % deadline)
            if not priority:
                problem(line, "a deadline without a priority")
        elif priority == "hoog":
            problem(line, "a high priority without a deadline")

        # gerucht: the claim, the same text on every inject that carries it
        rumour = row["gerucht"]
        if rumour:
            rumours.setdefault(rumour, []).append((row["id"], row["tijd"],
                                                   rumour_tags[0] if rumour_tags else None))
            if tags not in ("", "-") and not rumour_tags:
                problem(line, "carries a rumour but has no RUMOUR-… status tag")
            if tags == "-":
                problem(line, "carries a rumour but is tagged '-'")
        elif rumour_tags:
            problem(line, "has a rumour status but no rumour")

    if not MIN_ROWS <= len(rows) <= MAX_ROWS:
        problem(len(rows) + 1, "%d injects, expected %d to %d" % (len(rows), MIN_ROWS, MAX_ROWS))
    if first_offset is not None:
        span = last_offset - first_offset
        if not MIN_SPAN <= span <= MAX_SPAN:
            problem(rows[-1][0], "injects span %d minutes, expected about 90" % (span // 60))
    if len(rumours) != N_RUMOURS:
        problem(1, "%d distinct rumours, expected %d" % (len(rumours), N_RUMOURS))
    for claim, carriers in rumours.items():
        if len(carriers) < MIN_PER_RUMOUR:
            problem(1, "rumour %r is carried by %d injects, expected at least %d"
                    % (claim, len(carriers), MIN_PER_RUMOUR))

    summary = {
        "rows": len(rows),
        "first": first_offset, "last": last_offset,
        "channels": channels,
        "unassessed": n_unassessed, "no_tag": n_no_tag,
        "priorities": priorities,
        "rumours": rumours,
    }
    problems.sort(key=lambda p: p[0])
    return [message for _, message in problems], summary


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=os.path.join(here, "kraanongeval.csv"))
    parser.add_argument("--taxonomy",
                        default=os.path.join(here, "..", "..", "taxonomy", "default.json"))
    args = parser.parse_args()

    problems, summary = check(args.scenario, args.taxonomy)
    if summary:
        print("%s: %d injects from %s to %s"
              % (os.path.basename(args.scenario), summary["rows"],
                 fmt(summary["first"] or 0), fmt(summary["last"] or 0)))
        print("channels: " + ", ".join("%s %d" % (c, summary["channels"][c])
                                       for c in CHANNELS if summary["channels"][c]))
        print("gold: %d assessed (%d of them '-'), %d not assessed"
              % (summary["rows"] - summary["unassessed"], summary["no_tag"],
                 summary["unassessed"]))
        print("priorities: " + ", ".join("%s %d" % (p, summary["priorities"][p])
                                         for p in PRIORITIES + ["(none)"]
                                         if summary["priorities"][p]))
        print("rumours:")
        for claim, carriers in summary["rumours"].items():
            statuses = []
            for _, _, status in carriers:
                name = (status or "unassessed").replace("RUMOUR-", "").lower()
                if not statuses or statuses[-1] != name:
                    statuses.append(name)
            print("  %r: %d injects, %s to %s, %s"
                  % (claim, len(carriers), carriers[0][1], carriers[-1][1],
                     " > ".join(statuses)))
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print("%d problem(s)" % len(problems), file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
