#!/usr/bin/python3
"""Per-request latency probe (diagnostics, not part of the timed benchmark).

  probe.py HOST:PORT [COUNT] [BIG_MIB]

Sequential requests, a new TCP connection each (as skopeo and docker do), like a client pushing
COUNT blobs of 1 MiB: POST upload, PATCH the whole blob, PUT ?digest=, then HEAD and GET each blob;
then one BIG_MIB blob pushed with one PATCH and read back. Prints medians in milliseconds and MB/s.
"""
import hashlib, http.client, os, statistics, sys, time
from urllib.parse import urlsplit

host, port = sys.argv[1].split(":")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 50
big = int(sys.argv[3]) if len(sys.argv) > 3 else 256
repo = "probe/r%d" % int(time.time() * 1000)


def req(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(host, int(port), timeout=120)
    t0 = time.perf_counter()
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    dt = time.perf_counter() - t0
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data, dt


def path_of(loc):
    u = urlsplit(loc)
    return u.path + ("?" + u.query if u.query else "")


def upload(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    s, h, _, t_post = req("POST", "/v2/%s/blobs/uploads/" % repo, b"", {"Content-Length": "0"})
    assert s == 202, s
    s, h, _, t_patch = req("PATCH", path_of(h["location"]), data,
                           {"Content-Type": "application/octet-stream", "Content-Length": str(len(data))})
    assert s == 202, s
    loc = path_of(h["location"])
    sep = "&" if "?" in loc else "?"
    s, h, _, t_put = req("PUT", loc + sep + "digest=" + d, b"", {"Content-Length": "0"})
    assert s == 201, s
    return d, t_post, t_patch, t_put


steps = {"POST": [], "PATCH 1MiB": [], "PUT ?digest": [], "HEAD blob": [], "GET blob 1MiB": []}
digests = []
for i in range(count):
    d, a, b, c = upload(os.urandom(1 << 20))
    digests.append(d)
    steps["POST"].append(a); steps["PATCH 1MiB"].append(b); steps["PUT ?digest"].append(c)
for d in digests:
    s, _, _, t = req("HEAD", "/v2/%s/blobs/%s" % (repo, d)); assert s == 200, s
    steps["HEAD blob"].append(t)
    s, _, body, t = req("GET", "/v2/%s/blobs/%s" % (repo, d)); assert s == 200 and len(body) == 1 << 20
    steps["GET blob 1MiB"].append(t)
out = ["%s %s" % (sys.argv[1], " ".join("%s=%.2fms" % (k, statistics.median(v) * 1000) for k, v in steps.items()))]
blob = os.urandom(1 << 20) * big  # content repeats but the digest is new; transfer-bound either way
t0 = time.perf_counter()
d, _, t_patch, t_put = upload(blob)
t_up = time.perf_counter() - t0
c = http.client.HTTPConnection(host, int(port), timeout=300)
t0 = time.perf_counter()
c.request("GET", "/v2/%s/blobs/%s" % (repo, d))
r = c.getresponse()
n = 0
while True:
    b = r.read(1 << 20)
    if not b:
        break
    n += len(b)
t_get = time.perf_counter() - t0
assert n == len(blob)
out.append("  %d MiB blob: upload %.2fs (%.0f MB/s; PATCH %.2fs, PUT %.3fs), GET %.2fs (%.0f MB/s)" % (
    big, t_up, len(blob) / t_up / 1e6, t_patch, t_put, t_get, len(blob) / t_get / 1e6))
print("\n".join(out))
