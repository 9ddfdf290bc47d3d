"""Parses an iCalendar document (stdin) with Debian's python3-icalendar and prints what it holds:
a line `calendar <name>` and, per event, `event <uid>|<dtstart ISO>|<status>|<summary>`.
Exits 2 when the document does not parse or breaks RFC 5545's basic rules."""
import sys

from icalendar import Calendar

raw = sys.stdin.buffer.read()
for line in raw.split(b"\r\n"):
    if len(line) > 75:
        print("line longer than 75 octets: %r" % line[:80], file=sys.stderr)
        sys.exit(2)
if b"\n" in raw.replace(b"\r\n", b""):
    print("a line ends without CRLF", file=sys.stderr)
    sys.exit(2)
try:
    cal = Calendar.from_ical(raw)
except Exception as e:  # noqa: BLE001 - any parse failure fails the check
    print("does not parse: %s" % e, file=sys.stderr)
    sys.exit(2)
for key in ("VERSION", "PRODID"):
    if key not in cal:
        print("missing %s" % key, file=sys.stderr)
        sys.exit(2)
print("calendar %s" % cal.get("X-WR-CALNAME"))
for event in cal.walk("VEVENT"):
    for key in ("UID", "DTSTAMP", "DTSTART"):
        if key not in event:
            print("event without %s" % key, file=sys.stderr)
            sys.exit(2)
    start = event.decoded("DTSTART")
    print("event %s|%s|%s|%s" % (event.get("UID"), start.isoformat(), event.get("STATUS"), event.get("SUMMARY")))
