#!/usr/bin/python3
"""Byte-identity checks for the benchmark; exit 0 when everything matches, 1 with a reason otherwise.

  verify.py oci EXPECTED_JSON OCI_DIR
      the layout's index points at the expected manifest digest, and the manifest, config and every
      layer blob exist in OCI_DIR and hash to their expected digests.
  verify.py docker EXPECTED_JSON IMAGE_ID DIFF_IDS_JSON
      a docker-pulled image: its ID is the expected config digest (docker's image ID is the config's
      sha256) and its rootfs diff_ids (sha256 of each uncompressed layer, checked by dockerd while
      extracting) are the expected ones.
"""
import hashlib, json, os, sys


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return "sha256:" + h.hexdigest()


def fail(msg):
    print("verify: " + msg)
    sys.exit(1)


def main():
    mode, exp = sys.argv[1], json.load(open(sys.argv[2]))
    if mode == "oci":
        d = sys.argv[3]
        idx = json.load(open(os.path.join(d, "index.json")))
        got = [m["digest"] for m in idx.get("manifests", [])]
        if got != [exp["manifest"]]:
            fail("index.json lists %s, expected %s" % (got, exp["manifest"]))
        for dg in [exp["manifest"], exp["config"]] + exp["layers"]:
            p = os.path.join(d, "blobs", "sha256", dg.split(":", 1)[1])
            if not os.path.exists(p):
                fail("missing blob " + dg)
            h = sha256_file(p)
            if h != dg:
                fail("blob %s hashes to %s" % (dg, h))
        print("verify: ok (%d blobs)" % (2 + len(exp["layers"])))
    elif mode == "docker":
        image_id, diff_ids = sys.argv[3].strip(), json.loads(sys.argv[4])
        if image_id != exp["config"]:
            fail("image id %s != config %s" % (image_id, exp["config"]))
        if diff_ids != exp["diff_ids"]:
            fail("diff_ids differ: %d got, %d expected" % (len(diff_ids), len(exp["diff_ids"])))
        print("verify: ok (image id and %d diff_ids)" % len(diff_ids))
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main()
