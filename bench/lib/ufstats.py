#!/usr/bin/python3
"""One-line JSON summary of the UFile stand-in's counters since its last /__fake/reset, stdlib only.

  ufstats.py BASE_URL          e.g. http://127.0.0.1:9750

Prints {"requests": {op: n}, "total": n, "status": {code: n}, "injected": {"503": n, "reset": n},
"bytesIn": n, "bytesOut": n, "objects": n, "uploads": n}. "requests" and the byte counts come from
GET /__fake/stats; statuses and injected faults are counted from GET /__fake/requests (the fake's
request log, last 100000 requests; "fault" is UNAVAILABLE for an injected 503, RESET for an injected
connection reset; status 0 = no response was sent).
"""
import json, sys, urllib.request


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def main():
    base = sys.argv[1].rstrip("/")
    stats = get(base + "/__fake/stats")
    reqs = get(base + "/__fake/requests")
    status, injected = {}, {"503": 0, "reset": 0}
    for r in reqs:
        s = str(r.get("status"))
        status[s] = status.get(s, 0) + 1
        f = r.get("fault")
        if f == "UNAVAILABLE":
            injected["503"] += 1
        elif f in ("RESET", "RESET_AFTER_COMMIT"):
            injected["reset"] += 1
        elif f:
            injected[f] = injected.get(f, 0) + 1
    out = {
        "requests": stats.get("requests", {}),
        "total": sum(stats.get("requests", {}).values()),
        "logged": len(reqs),
        "status": dict(sorted(status.items())),
        "injected": injected,
        "bytesIn": stats.get("bytesReceived"),
        "bytesOut": stats.get("bytesServed"),
        "objects": stats.get("objects"),
        "uploads": stats.get("uploads"),
    }
    print(json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    main()
