# t-calendar.sh - calendars: `review --party ID -o X.ics` and the whole
# contract's `review -o X.ics`. Recurring commitments repeat by the rule
# their `recurrence` text gives (the words are profile data), or keep it as
# a note; a reminder a week before each due date and evaluation; UIDs that
# stay the same across runs and versions. Read back by an independent
# parser, Debian's python3-icalendar.
. tests/lib.sh

SRC=tests/workflows/report.md

# a contract with a recurring commitment per way of saying when
python3 - "$SRC" "$TMP/rec.md" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
texts = {
    "dinsdag": "elke dinsdag",
    "tweemaal": "twee keer per week, op maandag en donderdag",
    "maandelijks": "maandelijks",
    "voorjaar": "elk voorjaar",
    "onbekend": "twee keer per week",
    "eerste": "elke eerste dinsdag van de maand",
    "english": "every Tuesday",
}
add = "".join(f"""
  - id: rec-{k}
    party: horst
    challenge: speeltuin
    text: De Bewonersgroep doet iets ({k}).
    impact: Kinderen spelen in een schone speeltuin.
    recurrence: {v}
""" for k, v in texts.items())
s = s.replace("\nconditions:\n", add + "\nconditions:\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
expect_status "fixture: checks clean" 0 "$WK" check "$TMP/rec.md"

SOURCE_DATE_EPOCH=1700000000 "$WK" review "$TMP/rec.md" --party horst -o "$TMP/horst.ics" >/dev/null 2>"$TMP/err"
expect_eq "party calendar: written" 0 "$?"
SOURCE_DATE_EPOCH=1700000000 "$WK" review "$TMP/rec.md" -o "$TMP/all.ics" >/dev/null 2>"$TMP/err"
expect_eq "whole-contract calendar: written" 0 "$?"
expect_status "whole contract, as text: still needs a party" 2 "$WK" review "$TMP/rec.md"

# the rules as written (unfolded lines)
unfold() { sed 's/\r$//' "$1" | awk '/^ / {line = line substr($0, 2); next} {if (NR > 1) print line; line = $0} END {print line}'; }
unfold "$TMP/all.ics" >"$TMP/all.txt"
rule_of() { # ID: the RRULE of the commitment's recurring event, or "none"
  awk -v uid="-contract-recurring-$1@" 'index($0, "UID:") == 1 {on = index($0, uid) > 0; found = 0}
    on && /^RRULE:/ {print substr($0, 7); found = 1} on && /^END:VEVENT/ {if (!found) print "none"; on = 0}' "$TMP/all.txt"
}
expect_eq "rule: elke dinsdag" "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270228" "$(rule_of rec-dinsdag)"
expect_eq "rule: twice a week on named days" "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270228" "$(rule_of rec-tweemaal)"
expect_eq "rule: monthly" "FREQ=MONTHLY;UNTIL=20270228" "$(rule_of rec-maandelijks)"
expect_eq "rule: each spring" "FREQ=YEARLY;BYMONTH=3;UNTIL=20270228" "$(rule_of rec-voorjaar)"
expect_eq "rule: weekly on Saturday" "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270228" "$(rule_of beheer)"
expect_eq "rule: weekly in months, ends with the commitment" "FREQ=WEEKLY;BYMONTH=1,2,3,11,12;UNTIL=20270228" "$(rule_of winterlessen)"
expect_eq "rule: another language's words" "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270228" "$(rule_of rec-english)"
expect_eq "no rule: twice a week, days not named" "none" "$(rule_of rec-onbekend)"
expect_eq "no rule: a word it does not know" "none" "$(rule_of rec-eerste)"
expect_eq "no rule: op trainingsavonden" "none" "$(rule_of toezicht)"
expect_grep "no rule: the note says so" 'Frequentie: op trainingsavonden\. Deze herhaling is niet als vaste data te lezen' "$TMP/all.txt"

# ---- read back by python3-icalendar ---------------------------------------------
PYICAL=
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import icalendar, dateutil' 2>/dev/null; then PYICAL=$py; break; fi
done
if [ -z "$PYICAL" ]; then
  echo "note $T_SUITE: python3-icalendar is not installed (make test installs it): the parser checks are skipped"
else
  SOURCE_DATE_EPOCH=1800000000 "$WK" review "$TMP/rec.md" -o "$TMP/all2.ics" >/dev/null 2>/dev/null
  # a new version: other texts and dates, the same commitments
  sed -e 's/^version: "1.3"/version: "1.4"/' -e 's/elke dinsdag/elke dinsdag en vrijdag/' \
      -e 's/    due: 2026-05-01/    due: 2026-05-15/' \
      -e 's/^progress:/  - version: "1.4"\n    date: 2026-04-01\n    summary: Vaker vegen.\n\nprogress:/' \
      "$TMP/rec.md" >"$TMP/rec2.md"
  SOURCE_DATE_EPOCH=1700000000 "$WK" review "$TMP/rec2.md" -o "$TMP/v2.ics" >/dev/null 2>"$TMP/err"
  expect_eq "a new version: written" 0 "$?"
  # a version that renames the contract and a party and moves an
  # evaluation; and another neighbourhood's contract
  sed -e 's/^title: Wijkcontract De Horst/title: Wijkcontract De Horst 2026-2027/' \
      -e 's/name: Bewonersgroep "De Horst", Noord/name: Stichting Buurtkracht De Horst/' \
      -e 's/^  - 2026-09-01$/  - 2026-09-15/' "$TMP/rec.md" >"$TMP/rec3.md"
  sed -e 's/^area: De Horst, Veldhoven-Noord/area: Klaverveld, Veldhoven-Zuid/' "$TMP/rec.md" >"$TMP/rec4.md"
  SOURCE_DATE_EPOCH=1700000000 "$WK" review "$TMP/rec3.md" -o "$TMP/v3.ics" >/dev/null 2>"$TMP/err"
  expect_eq "renamed: written" 0 "$?"
  SOURCE_DATE_EPOCH=1700000000 "$WK" review "$TMP/rec3.md" --party horst -o "$TMP/horst3.ics" >/dev/null 2>"$TMP/err"
  SOURCE_DATE_EPOCH=1700000000 "$WK" review "$TMP/rec4.md" -o "$TMP/other.ics" >/dev/null 2>"$TMP/err"
  if "$PYICAL" - "$TMP/all.ics" "$TMP/v3.ics" "$TMP/horst.ics" "$TMP/horst3.ics" "$TMP/other.ics" <<'EOF' >"$TMP/py.out" 2>&1; then
import sys, datetime
from icalendar import Calendar
a, v3, horst, horst3, other = ({str(e["UID"]): e for e in Calendar.from_ical(open(p, "rb").read()).walk("VEVENT")} for p in sys.argv[1:6])
# importing the new version updates every event: the same UIDs
assert set(a) == set(v3), sorted(set(a) ^ set(v3))
assert set(horst) == set(horst3), sorted(set(horst) ^ set(horst3))
moved = [e for u, e in v3.items() if u.endswith("-contract-evaluation-1@wijkcontract")]
assert len(moved) == 1 and moved[0]["DTSTART"].dt == datetime.date(2026, 9, 15), moved
assert any("2026-2027" in str(e["SUMMARY"]) for e in v3.values())
# another contract's events never take these ones' place
assert not set(a) & set(other), sorted(set(a) & set(other))
EOF
    ok "icalendar: a new title, a renamed party, a moved evaluation keep every UID; another area's contract has its own"
  else
    not_ok "icalendar: a new title, a renamed party, a moved evaluation keep every UID; another area's contract has its own" "$(cat "$TMP/py.out")"
  fi
  if "$PYICAL" - "$TMP/all.ics" "$TMP/all2.ics" "$TMP/v2.ics" "$TMP/horst.ics" <<'EOF' >"$TMP/py.out" 2>&1; then ok "icalendar: parses, rules, reminders, stable UIDs"; else not_ok "icalendar: parses, rules, reminders, stable UIDs" "$(cat "$TMP/py.out")"; fi
import sys, datetime
from icalendar import Calendar
from dateutil.rrule import rrulestr

def load(path):
    cal = Calendar.from_ical(open(path, "rb").read())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}

a, a2, v2, horst = (load(p) for p in sys.argv[1:5])
def ev(cal, what):
    m = [e for u, e in cal.items() if u.endswith("-contract-" + what + "@wijkcontract")]
    assert len(m) == 1, (what, list(cal))
    return m[0]

# "elke dinsdag": every occurrence a Tuesday, within the contract's term
e = ev(a, "recurring-rec-dinsdag")
r = e["RRULE"]
assert r["FREQ"] == ["WEEKLY"] and r["BYDAY"] == ["TU"], r
start = e["DTSTART"].dt
assert start == datetime.date(2026, 3, 3), start
occ = list(rrulestr(e["RRULE"].to_ical().decode(), dtstart=datetime.datetime.combine(start, datetime.time())))
assert len(occ) == 52 and all(d.weekday() == 1 for d in occ), (len(occ), occ[:3])
assert occ[-1].date() <= datetime.date(2027, 2, 28)
assert "VALARM" not in [c.name for c in e.subcomponents], "a recurring event has no reminder"

# twice a week on Monday and Thursday
r = ev(a, "recurring-rec-tweemaal")["RRULE"]
assert r["BYDAY"] == ["MO", "TH"], r

# winter lessons: only in November to March
e = ev(a, "recurring-winterlessen")
occ = list(rrulestr(e["RRULE"].to_ical().decode(), dtstart=datetime.datetime.combine(e["DTSTART"].dt, datetime.time())))
assert {d.month for d in occ} == {1, 2, 3, 11, 12}, sorted({d.month for d in occ})

# an unreadable recurrence: one event without a rule, the note in it
e = ev(a, "recurring-toezicht")
assert "RRULE" not in e and "niet als vaste data te lezen" in str(e["DESCRIPTION"]), e

# a reminder a week before a due date and an evaluation
for what in ("due-hek", "evaluation-1"):
    e = ev(a, what)
    alarms = [c for c in e.subcomponents if c.name == "VALARM"]
    assert len(alarms) == 1, (what, alarms)
    assert alarms[0]["TRIGGER"].dt == datetime.timedelta(days=-7), alarms[0]["TRIGGER"].dt
    assert str(alarms[0]["ACTION"]) == "DISPLAY"

# stable UIDs: another run, and a new version of the contract, keep them
assert set(a) == set(a2), set(a) ^ set(a2)
assert set(a) == set(v2), set(a) ^ set(v2)
assert ev(v2, "recurring-rec-dinsdag")["RRULE"]["BYDAY"] == ["TU", "FR"]
assert ev(v2, "due-hek")["DTSTART"].dt == datetime.date(2026, 5, 15)

# the party's calendar: its recurring commitments too, UIDs of its own
assert any(u.endswith("-horst-recurring-rec-dinsdag@wijkcontract") for u in horst), list(horst)
assert all("-horst-" in u for u in horst)
# the whole contract: every dated commitment
for cid in ("hek", "speeldag", "zaal"):
    ev(a, "due-" + cid)
ev(a, "until-zaal")
EOF
fi

# ---- English contract: English words --------------------------------------------
sed -e 's/^language: nl/language: en/' "$TMP/rec.md" >"$TMP/rec-en.md"
"$WK" review "$TMP/rec-en.md" -o "$TMP/en.ics" >/dev/null 2>"$TMP/err"
unfold "$TMP/en.ics" >"$TMP/all.txt"
expect_eq "English contract: every Tuesday" "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270228" "$(rule_of rec-english)"
expect_eq "English contract: Dutch words still read" "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270228" "$(rule_of rec-dinsdag)"
expect_grep "English contract: the note in English" 'cannot be read as fixed dates' "$TMP/all.txt"

finish
