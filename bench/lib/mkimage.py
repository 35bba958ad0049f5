#!/usr/bin/python3
"""Write a single-platform OCI image layout with fresh random layers, offline, stdlib only.

  mkimage.py OUT_DIR REF LAYERS LAYER_BYTES SEED

Each layer is a gzip (deflate level 0, i.e. stored blocks: valid gzip of incompressible data,
written at memory speed) of a tar holding one file data/layer-<i>.bin of LAYER_BYTES random
bytes. The random stream is AES-128-CTR of zeros keyed by SEED and the layer index (openssl),
so every SEED gives content no registry has seen. Writes OUT_DIR/expected.json with the
manifest, config and layer digests and the diff_ids, which the benchmark compares against.
"""
import hashlib, io, json, os, subprocess, sys, tarfile, zlib

CHUNK = 1 << 20


class RandomReader(io.RawIOBase):
    def __init__(self, seed, n):
        self.left = n
        self.proc = subprocess.Popen(
            ["openssl", "enc", "-aes-128-ctr", "-nosalt", "-pbkdf2", "-iter", "1", "-pass", "pass:" + seed],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        # feed zeros from a thread-free source: /dev/zero via a second process would also do
        self.feeder = subprocess.Popen(["head", "-c", str(n)], stdin=open("/dev/zero", "rb"),
                                       stdout=self.proc.stdin)
        self.proc.stdin.close()

    def readable(self):
        return True

    def read(self, size=-1):
        if self.left <= 0:
            return b""
        if size is None or size < 0 or size > self.left:
            size = self.left
        data = self.proc.stdout.read(size)
        if not data:
            raise IOError("random stream ended early")
        self.left -= len(data)
        return data

    def close(self):
        self.proc.stdout.close()
        self.feeder.wait()
        self.proc.wait()
        super().close()


class LayerWriter(io.RawIOBase):
    """tar bytes in -> diff_id hash, gzip, compressed hash, file."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.diff = hashlib.sha256()
        self.comp = hashlib.sha256()
        self.size = 0
        self.z = zlib.compressobj(0, zlib.DEFLATED, 31)  # 31: gzip wrapper, mtime 0

    def writable(self):
        return True

    def _out(self, c):
        if c:
            self.comp.update(c)
            self.f.write(c)
            self.size += len(c)

    def write(self, b):
        b = bytes(b)
        self.diff.update(b)
        self._out(self.z.compress(b))
        return len(b)

    def finish(self):
        self._out(self.z.flush())
        self.f.close()


def put_blob(blobs, data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return "sha256:" + d, len(data)


def main():
    out, ref, nlayers, size, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    layers, diff_ids = [], []
    for i in range(nlayers):
        tmp = os.path.join(blobs, ".tmp-layer")
        w = LayerWriter(tmp)
        with tarfile.open(fileobj=w, mode="w|", format=tarfile.USTAR_FORMAT, bufsize=CHUNK) as tar:
            if i == 0:
                d = tarfile.TarInfo("data")
                d.type, d.mode, d.mtime = tarfile.DIRTYPE, 0o755, 0
                tar.addfile(d)
            ti = tarfile.TarInfo("data/layer-%d.bin" % i)
            ti.size, ti.mode, ti.mtime = size, 0o644, 0
            rr = RandomReader("%s-%d" % (seed, i), size)
            tar.addfile(ti, rr)
            rr.close()
        w.finish()
        digest = w.comp.hexdigest()
        os.rename(tmp, os.path.join(blobs, digest))
        layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                       "digest": "sha256:" + digest, "size": w.size})
        diff_ids.append("sha256:" + w.diff.hexdigest())
    config = {"created": "1970-01-01T00:00:00Z", "architecture": "amd64", "os": "linux",
              "config": {"Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], "Labels": {"bench.seed": seed}},
              "rootfs": {"type": "layers", "diff_ids": diff_ids}}
    cdig, csize = put_blob(blobs, json.dumps(config, separators=(",", ":")).encode())
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdig, "size": csize},
                "layers": layers}
    mdig, msize = put_blob(blobs, json.dumps(manifest, separators=(",", ":")).encode())
    index = {"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdig, "size": msize,
         "annotations": {"org.opencontainers.image.ref.name": ref}}]}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"manifest": mdig, "config": cdig, "layers": [l["digest"] for l in layers],
                   "diff_ids": diff_ids}, f, indent=1)


if __name__ == "__main__":
    main()
