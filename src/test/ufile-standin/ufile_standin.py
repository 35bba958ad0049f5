#!/usr/bin/env python3
"""An independent stand-in for the UCloud UFile (US3) object API, standard library only.

Written from /work/shared/ufile-protocol.md and the public UFile API docs (UCloudDoc-Team/api,
ufile-api/*.md) only, without reading the project's own fake (FakeUFile) or its UFile driver,
so that it does not share their reading of the protocol. See README.md next to this file for
what it checks.

    python3 ufile_standin.py --port P --bucket B --public-key K --private-key S --data-dir D

Prints "ufile-standin listening on 127.0.0.1:<port>" once it accepts connections (--port 0 picks
a free port). Objects live on disk under D; only metadata is kept in memory.
"""

import argparse
import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import os
import random
import re
import shutil
import socket
import struct
import sys
import threading
import time
import traceback
import uuid
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, unquote_plus

ETAG_BLOCK = 4 * 1024 * 1024          # the ETag algorithm's block size (protocol §5), fixed
PUT_LIMIT = 1024 * 1024 * 1024        # PutFile limit "1 GB" (protocol §6), read as 1 GiB
IO_CHUNK = 1024 * 1024
SMALL_BODY_LIMIT = 64 * 1024 * 1024   # largest non-data body (a Finish ETag list) we accept
DRAIN_LIMIT = 8 * 1024 * 1024         # an unread body up to this size is drained to keep the connection

# RetCodes. Only the first three are documented or observed (protocol §7 and public error bodies);
# the rest are the stand-in's own choice (the real codes are unknown) and are marked so in ErrMsg-free form.
RC_INVALID_SIGNATURE = -148658        # 403 "invalid signature" (protocol §7)
RC_NO_AUTHORIZATION = -148643         # "no authorization found" (seen in public UCloud error bodies)
RC_BUCKET_NOT_EXIST = -30010          # 404 "bucket not exist" (docs put_file.md)
RC_FILE_NOT_EXIST = -148654           # 404 "file not exist" (seen in public UCloud error bodies)
RC_BAD_REQUEST = -148600              # stand-in's own: malformed request
RC_NO_SUCH_UPLOAD = -148601           # stand-in's own: unknown/dead upload id
RC_BAD_PARTS = -148602                # stand-in's own: Finish refused (part sizes / ETags)
RC_INVALID_RANGE = -148603            # stand-in's own: 416 "invalid range"
RC_MD5_MISMATCH = -148604             # stand-in's own: Content-MD5 mismatch
RC_TOO_LARGE = -148605                # stand-in's own: PutFile > 1 GiB
RC_LENGTH_REQUIRED = -148606          # stand-in's own: no Content-Length
RC_EXISTS = -148607                   # stand-in's own: rename target exists
RC_UNAVAILABLE = -148608              # stand-in's own: injected 503
RC_INTERNAL = -148609                 # stand-in's own: bug in the stand-in


class UFileError(Exception):
    def __init__(self, status, retcode, msg):
        super().__init__(msg)
        self.status, self.retcode, self.msg = status, retcode, msg


class Abort(Exception):
    """Drop the connection with a TCP reset (fault injection)."""


def b64url(b):
    return base64.urlsafe_b64encode(b).decode("ascii")


def object_etag(block_sha1s):
    """Protocol §5: urlsafe-b64(LE32(blockCount) || H), H = SHA1(data) for <=1 block, else SHA1(concat(SHA1(blk)))."""
    n = len(block_sha1s)
    if n == 0:
        h = hashlib.sha1(b"").digest()
    elif n == 1:
        h = block_sha1s[0]
    else:
        h = hashlib.sha1(b"".join(block_sha1s)).digest()
    return b64url(struct.pack("<I", n) + h)


def sign(private_key, string_to_sign):
    mac = hmac.new(private_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def canonical_ucloud_headers(headers):
    """Docs form (protocol §2): X-UCloud-* headers, lower-cased, sorted, repeated ones merged with ','."""
    merged = {}
    for name, value in headers.items():
        lname = name.lower()
        if lname.startswith("x-ucloud-"):
            value = re.sub(r"\s*\r?\n\s*", " ", value).strip()
            merged.setdefault(lname, []).append(value)
    return "".join(f"{n}:{','.join(merged[n])}\n" for n in sorted(merged))


def valid_key(key):
    raw = key.encode("utf-8")
    return 1 <= len(raw) <= 1023 and not key.startswith("/") and not key.startswith("\\")


class Obj:
    __slots__ = ("segments", "size", "etag", "mime", "meta", "created", "modified", "storage_class")

    def __init__(self, segments, size, etag, mime, meta, storage_class="STANDARD"):
        now = time.time()
        self.segments, self.size, self.etag, self.mime, self.meta = segments, size, etag, mime, meta
        self.created = self.modified = now
        self.storage_class = storage_class


class Upload:
    def __init__(self, upload_id, key, mime, meta, storage_class):
        self.id, self.key, self.mime, self.meta, self.storage_class = upload_id, key, mime, meta, storage_class
        self.parts = {}          # partNumber -> (path, size, etag, sha1 digest, mtime)
        self.started = time.time()


class Store:
    def __init__(self, data_dir, block_size):
        self.lock = threading.RLock()
        self.objects = {}
        self.uploads = {}
        self.block_size = block_size
        self.obj_dir = os.path.join(data_dir, "objects")
        self.up_dir = os.path.join(data_dir, "uploads")
        self.tmp_dir = os.path.join(data_dir, "tmp")
        for d in (self.obj_dir, self.up_dir, self.tmp_dir):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)

    def new_path(self, where):
        return os.path.join(where, uuid.uuid4().hex)

    @staticmethod
    def unlink_all(paths):
        for p in paths:
            try:
                os.unlink(p)
            except FileNotFoundError:
                pass

    def put(self, key, obj):
        with self.lock:
            old = self.objects.get(key)
            if old is not None:
                obj.created = old.created
            self.objects[key] = obj
        if old is not None:
            self.unlink_all(p for p, _ in old.segments)

    def reset(self):
        with self.lock:
            objs, ups = list(self.objects.values()), list(self.uploads.values())
            self.objects, self.uploads = {}, {}
        for o in objs:
            self.unlink_all(p for p, _ in o.segments)
        for u in ups:
            self.unlink_all(p[0] for p in u.parts.values())


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self, seed=0):
        self.error503_rate = 0.0
        self.reset_rate = 0.0
        self.fail_next = []      # [operation, kind, remaining]
        self.rng = random.Random(seed)

    def configure(self, params):
        with self.lock:
            seed = 0
            for k, v in params:
                if k == "seed":
                    seed = int(v)
            self.clear(seed)
            for k, v in params:
                if k == "error503Rate":
                    self.error503_rate = float(v)
                elif k == "resetRate":
                    self.reset_rate = float(v)
                elif k == "failNext":
                    for spec in v.split(","):
                        op, kind, n = spec.split(":")
                        if kind not in ("UNAVAILABLE", "RESET"):
                            raise ValueError("fault kind must be UNAVAILABLE or RESET: " + kind)
                        self.fail_next.append([op, kind, int(n)])
                elif k != "seed":
                    raise ValueError("unknown fault parameter " + k)

    def pick(self, operation):
        with self.lock:
            for entry in self.fail_next:
                if entry[0] == operation and entry[2] > 0:
                    entry[2] -= 1
                    return entry[1]
            if self.error503_rate and self.rng.random() < self.error503_rate:
                return "UNAVAILABLE"
            if self.reset_rate and self.rng.random() < self.reset_rate:
                return "RESET"
            return None


class StandIn:
    def __init__(self, args):
        self.bucket = args.bucket
        self.public_key = args.public_key
        self.private_key = args.private_key
        self.finish_newkey = args.finish_newkey
        self.quote_part_etags = args.quote_part_etags
        self.store = Store(args.data_dir, args.block_size)
        self.faults = Faults()
        self.log_lock = threading.Lock()
        self.requests = []
        self.stats = {}
        self.verbose = args.verbose
        self.request_log = open(args.request_log, "a", encoding="utf-8") if args.request_log else None

    def record(self, entry):
        with self.log_lock:
            if self.request_log is not None:
                self.request_log.write(json.dumps(entry, ensure_ascii=False) + "\n")
                self.request_log.flush()
            self.requests.append(entry)
            if len(self.requests) > 20000:
                del self.requests[:10000]
            op = entry["operation"]
            self.stats[op] = self.stats.get(op, 0) + 1


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, addr, handler, standin):
        super().__init__(addr, handler)
        self.standin = standin
        self.aborted = set()
        self.aborted_lock = threading.Lock()

    def shutdown_request(self, request):
        with self.aborted_lock:
            aborted = request in self.aborted
            self.aborted.discard(request)
        if aborted:
            # SO_LINGER 0 was set: close() now sends RST, no FIN first.
            request.close()
            return
        super().shutdown_request(request)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ufile-standin"
    sys_version = ""
    timeout = 300

    # ------------------------------------------------------------------ plumbing
    def log_message(self, fmt, *args):
        if self.server.standin.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    def do_GET(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def dispatch(self):
        self.si = self.server.standin
        self.body_consumed = False
        self.status = None
        self.error_msg = None
        self.headers_sent = False
        self.fault = None
        self.operation = "Unknown"
        self.key = ""
        raw_path, _, raw_query = self.path.partition("?")
        self.raw_query = raw_query
        self.query = self.parse_query(raw_query)
        if raw_path.startswith("/__fake/") or raw_path == "/__fake":
            try:
                self.admin(raw_path[len("/__fake/"):])
            except Exception as e:  # noqa: BLE001
                self.send_json(400, {"error": str(e)})
            return
        try:
            try:
                path = unquote(raw_path, encoding="utf-8", errors="strict")
            except UnicodeDecodeError:
                raise UFileError(400, RC_BAD_REQUEST, "key is not valid UTF-8")
            if not path.startswith("/"):
                raise UFileError(400, RC_BAD_REQUEST, "bad request target")
            self.key = path[1:]
            self.operation, handler = self.route()
            fault = self.si.faults.pick(self.operation)
            if fault == "UNAVAILABLE":
                self.fault = fault
                raise UFileError(503, RC_UNAVAILABLE, "service unavailable (injected)")
            if fault == "RESET":
                self.fault = fault
                if self.operation != "GetFile":
                    raise Abort()
            self.check_bucket()
            self.authenticate()
            handler()
        except UFileError as e:
            if self.headers_sent:
                self.close_connection = True
            else:
                self.send_error_json(e.status, e.retcode, e.msg)
        except Abort:
            self.abort_connection()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            self.status = self.status or 499
        except Exception as e:  # noqa: BLE001
            traceback.print_exc()
            if self.headers_sent:
                self.close_connection = True
            else:
                self.send_error_json(500, RC_INTERNAL, "stand-in internal error: %s" % e)
        finally:
            self.si.record({"operation": self.operation, "status": self.status, "fault": self.fault,
                            "method": self.command, "key": self.key, "query": self.raw_query,
                            "error": self.error_msg, "time": round(time.time(), 3)})

    @staticmethod
    def parse_query(raw):
        """Ordered (name, value) pairs; '+' in values is a space (Java URLEncoder, Go QueryEscape)."""
        out = []
        if not raw:
            return out
        for item in raw.split("&"):
            if item == "":
                continue
            name, eq, value = item.partition("=")
            out.append((unquote_plus(name), unquote_plus(value) if eq else None, value if eq else None))
        return out

    def q(self, name, default=None):
        for n, v, _ in self.query:
            if n == name:
                return "" if v is None else v
        return default

    def q_raw(self, name):
        for n, _, raw in self.query:
            if n == name:
                return raw
        return None

    def has(self, name):
        return any(n == name for n, _, _ in self.query)

    def header(self, name):
        """The header value as sent (http.server strips only the CRLF and leading blanks)."""
        v = self.headers.get(name)
        return v

    def abort_connection(self):
        self.status = 0
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        with self.server.aborted_lock:
            self.server.aborted.add(self.connection)

    def send_head(self, status, headers, length):
        self.status = status
        self.headers_sent = True
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status not in (204, 304):
            self.send_header("Content-Length", str(length))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def send_bytes(self, status, body=b"", headers=(), content_type=None):
        hs = list(headers)
        if content_type:
            hs.append(("Content-Type", content_type))
        self.send_head(status, hs, len(body))
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, headers=()):
        body = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        self.send_bytes(status, body, headers, "application/json")

    def send_error_json(self, status, retcode, msg):
        self.error_msg = msg
        self.finish_unread_body()
        hs = [("X-SessionId", str(uuid.uuid4()))]
        if self.command == "HEAD":
            self.send_bytes(status, b"", hs)  # HEAD errors carry no body (protocol §7)
        else:
            self.send_json(status, {"RetCode": retcode, "ErrMsg": msg}, hs)

    def content_length(self):
        v = self.headers.get("Content-Length")
        if v is None:
            return None
        if not re.fullmatch(r"[0-9]+", v.strip()):
            raise UFileError(400, RC_BAD_REQUEST, "bad Content-Length")
        return int(v)

    def chunked(self):
        return "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()

    def finish_unread_body(self):
        """Before an error answer: drain a small unread body to keep the connection, else close it."""
        if self.body_consumed:
            return
        self.body_consumed = True
        try:
            n = self.content_length()
        except UFileError:
            n = None
        if self.chunked() or (n is None and self.command in ("PUT", "POST")):
            self.close_connection = True
            return
        if n and n <= DRAIN_LIMIT:
            while n > 0:
                got = self.rfile.read(min(IO_CHUNK, n))
                if not got:
                    self.close_connection = True
                    return
                n -= len(got)
        elif n:
            self.close_connection = True

    def read_small_body(self):
        """Bodies of control requests (Finish ETag list, Copy/Init "{}"): Content-Length or chunked."""
        self.body_consumed = True
        if self.chunked():
            out = bytearray()
            while True:
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline(16)
                if len(out) > SMALL_BODY_LIMIT:
                    self.close_connection = True
                    raise UFileError(400, RC_BAD_REQUEST, "body too large")
        n = self.content_length() or 0
        if n > SMALL_BODY_LIMIT:
            self.body_consumed = False
            raise UFileError(400, RC_BAD_REQUEST, "body too large")
        data = self.rfile.read(n)
        if len(data) != n:
            self.close_connection = True
            raise ConnectionResetError()
        return data

    def md5_expected(self):
        """Content-MD5: empty counts as absent (protocol §2); lowercase/uppercase hex or base64 accepted."""
        v = self.headers.get("Content-MD5")
        if v is None or v.strip() == "":
            return None
        v = v.strip()
        if re.fullmatch(r"[0-9a-fA-F]{32}", v):
            return bytes.fromhex(v)
        try:
            d = base64.b64decode(v, validate=True)
        except (binascii.Error, ValueError):
            d = b""
        if len(d) != 16:
            raise UFileError(400, RC_BAD_REQUEST, "invalid Content-MD5")
        return d

    def receive_data(self, length, dest_dir):
        """Streams `length` body bytes to a new file; returns (path, 4 MiB-block SHA1s, whole SHA1)."""
        self.body_consumed = True
        expected_md5 = self.md5_expected()
        md5 = hashlib.md5() if expected_md5 is not None else None
        whole = hashlib.sha1()
        blocks = []
        blk = hashlib.sha1()
        in_blk = 0
        path = self.si.store.new_path(dest_dir)
        buf = bytearray(IO_CHUNK)
        view = memoryview(buf)
        remaining = length
        ok = False
        try:
            with open(path, "wb", buffering=0) as f:
                while remaining > 0:
                    want = min(IO_CHUNK, remaining, ETAG_BLOCK - in_blk)
                    got = self.rfile.readinto(view[:want])
                    if not got:
                        self.close_connection = True
                        raise ConnectionResetError("client sent fewer bytes than Content-Length")
                    chunk = view[:got]
                    f.write(chunk)
                    whole.update(chunk)
                    blk.update(chunk)
                    if md5 is not None:
                        md5.update(chunk)
                    in_blk += got
                    remaining -= got
                    if in_blk == ETAG_BLOCK:
                        blocks.append(blk.digest())
                        blk = hashlib.sha1()
                        in_blk = 0
            if in_blk:
                blocks.append(blk.digest())
            if md5 is not None and md5.digest() != expected_md5:
                raise UFileError(400, RC_MD5_MISMATCH, "content md5 mismatch")
            ok = True
            return path, blocks, whole.digest()
        finally:
            if not ok:
                Store.unlink_all([path])

    def meta_headers(self):
        meta = {}
        for name, value in self.headers.items():
            if name.lower().startswith("x-ufile-meta-"):
                meta[name[len("x-ufile-meta-"):].lower()] = value
        if sum(len(k) + len(v) for k, v in meta.items()) > 8 * 1024:
            raise UFileError(400, RC_BAD_REQUEST, "user meta larger than 8 KB")
        return meta

    def require_key(self):
        if not valid_key(self.key):
            raise UFileError(400, RC_BAD_REQUEST, "invalid key: 1-1023 UTF-8 bytes, not starting with / or \\")

    # ------------------------------------------------------------------ routing and auth
    def route(self):
        m = self.command
        if self.key == "":
            if m == "GET" and self.has("list"):
                return "PrefixFileList", self.prefix_file_list
            if m == "GET" and self.has("listobjects"):
                return "ListObjects", self.list_objects
            if m == "GET" and self.has("muploadid"):
                return "ListMultipartUploads", self.list_uploads
            if m == "GET" and self.has("muploadpart"):
                return "ListMultipartParts", self.list_parts
            raise UFileError(400, RC_BAD_REQUEST, "unsupported bucket-level request")
        if m == "PUT":
            if self.has("uploadId") or self.has("partNumber"):
                if self.headers.get("X-Ufile-Copy-Source") is not None:
                    return "UploadPartCopy", self.upload_part_copy
                return "UploadPart", self.upload_part
            if self.has("newFileName"):
                return "RenameFile", self.rename_file
            if self.headers.get("X-Ufile-Copy-Source") is not None:
                return "CopyFile", self.copy_file
            return "PutFile", self.put_file
        if m == "POST":
            if self.has("uploads"):
                return "InitiateMultipartUpload", self.initiate
            if self.has("uploadId"):
                return "FinishMultipartUpload", self.finish_upload
            raise UFileError(400, RC_BAD_REQUEST, "unsupported POST")
        if m == "GET":
            return "GetFile", self.get_file
        if m == "HEAD":
            return "HeadFile", self.head_file
        if m == "DELETE":
            if self.has("uploadId"):
                return "AbortMultipartUpload", self.abort_upload
            return "DeleteFile", self.delete_file
        raise UFileError(405, RC_BAD_REQUEST, "method not allowed")

    def check_bucket(self):
        host = (self.headers.get("Host") or "").strip()
        if host.startswith("["):
            return
        hostname = host.rsplit(":", 1)[0] if ":" in host else host
        try:
            ipaddress.ip_address(hostname)
            return
        except ValueError:
            pass
        if "." not in hostname:
            return  # localhost or a bare name: the bucket comes from configuration
        if hostname.split(".")[0] != self.si.bucket:
            raise UFileError(404, RC_BUCKET_NOT_EXIST, "bucket not exist")

    def string_to_sign_forms(self, date_slot, listobjects_python=False):
        md5 = self.headers.get("Content-MD5") or ""
        ctype = self.headers.get("Content-Type") or ""
        base = f"{self.command}\n{md5}\n{ctype}\n{date_slot}\n"
        resource = f"/{self.si.bucket}/{self.key}"
        forms = [base + canonical_ucloud_headers(self.headers) + resource]
        src = self.headers.get("X-Ufile-Copy-Source")
        if src is not None:  # Java 2.7.5 UploadPartCopy form (protocol §2 variants)
            extra = f"x-ufile-copy-source:{src}\n"
            rng = self.headers.get("X-Ufile-Copy-Source-Range")
            if rng is not None:
                extra += f"x-ufile-copy-source-range:{rng}\n"
            forms.append(base + extra + resource)
        if listobjects_python:  # Python SDK listobjects form (protocol §2 variants)
            forms.append(base + resource + "\nlistobjects" + "".join(
                f"\n{n}:{self.q(n, '')}" for n in ("delimiter", "marker", "max-keys", "prefix")))
        return forms

    def authenticate(self):
        auth = self.headers.get("Authorization")
        if auth is not None:
            m = re.fullmatch(r"UCloud ([^:\s]+):([A-Za-z0-9+/=]+)(?::(.*))?", auth.strip())
            if not m:
                raise UFileError(403, RC_INVALID_SIGNATURE, "invalid signature")
            pub, sig, policy = m.group(1), m.group(2), m.group(3) or ""
            date = self.headers.get("Date") or ""
            forms = self.string_to_sign_forms(date, self.operation == "ListObjects")
            return self.verify(pub, sig, [f + policy for f in forms])
        if self.has("UCloudPublicKey") or self.has("Signature") or self.has("Expires"):
            pub = self.q("UCloudPublicKey")
            raw_sig = self.q_raw("Signature")
            expires = self.q("Expires")
            if pub is None or raw_sig is None or expires is None or not re.fullmatch(r"[0-9]+", expires):
                raise UFileError(403, RC_INVALID_SIGNATURE, "invalid signature")
            sig = unquote(raw_sig)  # base64 may carry a literal '+': no form decoding here
            if int(expires) < time.time():
                raise UFileError(403, RC_INVALID_SIGNATURE, "signature expired")
            return self.verify(pub, sig, self.string_to_sign_forms(expires))
        raise UFileError(401, RC_NO_AUTHORIZATION, "no authorization found")

    def verify(self, pub, sig, forms):
        ok = False
        for f in forms:
            ok |= hmac.compare_digest(sign(self.si.private_key, f).encode(), sig.encode())
        ok &= hmac.compare_digest(pub.encode(), self.si.public_key.encode())
        if not ok:
            if self.si.verbose:
                sys.stderr.write("signature mismatch; expected one of %r\n" % forms)
            raise UFileError(403, RC_INVALID_SIGNATURE, "invalid signature")

    # ------------------------------------------------------------------ objects
    def lookup(self):
        with self.si.store.lock:
            obj = self.si.store.objects.get(self.key)
            if obj is None:
                raise UFileError(404, RC_FILE_NOT_EXIST, "file not exist")
            return obj

    def object_headers(self, obj):
        hs = [("Content-Type", obj.mime), ("ETag", '"%s"' % obj.etag),
              ("Last-Modified", formatdate(obj.modified, usegmt=True)),
              ("X-Ufile-Create-Time", str(int(obj.created))), ("X-Ufile-Storage-Class", obj.storage_class),
              ("Accept-Ranges", "bytes")]
        hs += [("X-Ufile-Meta-" + k, v) for k, v in obj.meta.items()]
        return hs

    def put_file(self):
        self.require_key()
        if self.chunked():
            self.close_connection = True
            raise UFileError(411, RC_LENGTH_REQUIRED, "Content-Length required (no chunked upload)")
        n = self.content_length()
        if n is None:
            raise UFileError(411, RC_LENGTH_REQUIRED, "Content-Length required")
        if n > PUT_LIMIT:
            raise UFileError(400, RC_TOO_LARGE, "PutFile is limited to 1 GB, use multipart upload")
        meta = self.meta_headers()
        path, blocks, _ = self.receive_data(n, self.si.store.obj_dir)
        obj = Obj([(path, n)] if n else [], n, object_etag(blocks),
                  self.headers.get("Content-Type") or "application/octet-stream", meta,
                  self.headers.get("X-Ufile-Storage-Class") or "STANDARD")
        if not n:
            Store.unlink_all([path])
        self.si.store.put(self.key, obj)
        self.send_bytes(200, b"", [("ETag", '"%s"' % obj.etag)])

    def head_file(self):
        self.require_key()
        obj = self.lookup()
        self.send_head(200, self.object_headers(obj), obj.size)

    def parse_range(self, size):
        """Returns (start, end) inclusive, or None for the whole object; 416 when unsatisfiable."""
        h = self.headers.get("Range")
        if h is None:
            return None
        m = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", h)
        if not m or (m.group(1) == "" and m.group(2) == ""):
            raise UFileError(416, RC_INVALID_RANGE, "invalid range")
        a, b = m.group(1), m.group(2)
        if a == "":
            n = int(b)
            if n == 0 or size == 0:
                raise UFileError(416, RC_INVALID_RANGE, "invalid range")
            return max(0, size - n), size - 1
        start = int(a)
        end = size - 1 if b == "" else min(int(b), size - 1)
        if start >= size or (b != "" and int(b) < start):
            raise UFileError(416, RC_INVALID_RANGE, "invalid range")
        return start, end

    def get_file(self):
        self.require_key()
        store = self.si.store
        with store.lock:
            obj = self.lookup()
            files = [(open(p, "rb"), s) for p, s in obj.segments]
        try:
            ims = self.headers.get("If-Modified-Since")
            if ims and self.headers.get("Range") is None:
                try:
                    if int(obj.modified) <= parsedate_to_datetime(ims).timestamp():
                        self.send_head(304, [("ETag", '"%s"' % obj.etag)], 0)
                        return
                except (TypeError, ValueError):
                    pass
            rng = self.parse_range(obj.size)
            hs = self.object_headers(obj)
            att = self.q("ufileattname")
            if att:
                hs.append(("Content-Disposition", 'attachment; filename="%s"' % att.replace('"', "")))
            if rng is None:
                start, end, status = 0, obj.size - 1, 200
            else:
                start, end, status = rng[0], rng[1], 206
                hs.append(("Content-Range", "bytes %d-%d/%d" % (start, end, obj.size)))
            length = end - start + 1 if obj.size else 0
            self.send_head(status, hs, length)
            limit = length
            if self.fault == "RESET":
                limit = length // 2
            self.send_segments(files, start, limit)
            if self.fault == "RESET":
                raise Abort()
        finally:
            for f, _ in files:
                f.close()

    def send_segments(self, files, start, count):
        self.wfile.flush()
        for f, size in files:
            if count <= 0:
                return
            if start >= size:
                start -= size
                continue
            n = min(size - start, count)
            sent = self.connection.sendfile(f, start, n)
            if sent != n:
                raise BrokenPipeError("short sendfile")
            count -= n
            start = 0

    def delete_file(self):
        self.require_key()
        store = self.si.store
        with store.lock:
            obj = store.objects.pop(self.key, None)
        if obj is None:
            raise UFileError(404, RC_FILE_NOT_EXIST, "file not exist")
        Store.unlink_all(p for p, _ in obj.segments)
        self.send_bytes(204)

    def parse_copy_source(self):
        src = self.headers.get("X-Ufile-Copy-Source")
        try:
            src = unquote(src.strip(), errors="strict")
        except UnicodeDecodeError:
            raise UFileError(400, RC_BAD_REQUEST, "bad X-Ufile-Copy-Source")
        m = re.fullmatch(r"/([^/]+)/(.+)", src, re.S)
        if not m:
            raise UFileError(400, RC_BAD_REQUEST, "X-Ufile-Copy-Source must be /<bucket>/<key>")
        if m.group(1) != self.si.bucket:
            raise UFileError(404, RC_BUCKET_NOT_EXIST, "bucket not exist")
        return m.group(2)

    def link_segments(self, segments):
        out = []
        try:
            for p, s in segments:
                q = self.si.store.new_path(self.si.store.obj_dir)
                os.link(p, q)
                out.append((q, s))
        except OSError:
            Store.unlink_all(q for q, _ in out)
            raise
        return out

    def copy_file(self):
        self.require_key()
        src_key = self.parse_copy_source()
        self.read_small_body()
        store = self.si.store
        with store.lock:
            src = store.objects.get(src_key)
            if src is None:
                raise UFileError(404, RC_FILE_NOT_EXIST, "file not exist")
            segments = self.link_segments(src.segments)
        directive = (self.headers.get("X-Ufile-Metadata-Directive") or "COPY").upper()
        if directive == "REPLACE":
            mime, meta = self.headers.get("Content-Type") or src.mime, self.meta_headers()
        else:
            mime, meta = src.mime, dict(src.meta)
        obj = Obj(segments, src.size, src.etag, mime, meta,
                  self.headers.get("X-Ufile-Storage-Class") or src.storage_class)
        store.put(self.key, obj)
        self.send_bytes(200, b"", [("ETag", '"%s"' % obj.etag)])

    def rename_file(self):
        self.require_key()
        new_key = self.q("newFileName", "")
        if not valid_key(new_key):
            raise UFileError(400, RC_BAD_REQUEST, "invalid newFileName")
        force = (self.q("force", "false") or "false").lower() == "true"
        self.read_small_body()
        store = self.si.store
        with store.lock:
            obj = store.objects.get(self.key)
            if obj is None:
                raise UFileError(404, RC_FILE_NOT_EXIST, "file not exist")
            if new_key in store.objects and not force:
                raise UFileError(400, RC_EXISTS, "file already exists")
            old = store.objects.pop(new_key, None) if new_key != self.key else None
            del store.objects[self.key]
            store.objects[new_key] = obj
        if old is not None:
            Store.unlink_all(p for p, _ in old.segments)
        self.send_bytes(200)

    # ------------------------------------------------------------------ listing
    def sorted_keys(self, prefix, marker):
        with self.si.store.lock:
            keys = sorted(self.si.store.objects)
        return [k for k in keys if k.startswith(prefix) and k > marker]

    def int_param(self, name, default, lo, hi):
        v = self.q(name)
        if v is None or v == "":
            return default
        if not re.fullmatch(r"-?[0-9]+", v):
            raise UFileError(400, RC_BAD_REQUEST, "invalid %s" % name)
        n = int(v)
        if n < lo or (hi is not None and n > hi):
            raise UFileError(400, RC_BAD_REQUEST, "%s out of range" % name)
        return n

    def prefix_file_list(self):
        prefix, marker = self.q("prefix", ""), self.q("marker", "")
        limit = self.int_param("limit", 20, 1, None)
        keys = self.sorted_keys(prefix, marker)
        page, more = keys[:limit], len(keys) > limit
        store = self.si.store
        data = []
        with store.lock:
            for k in page:
                o = store.objects.get(k)
                if o is None:
                    continue
                data.append({"BucketName": self.si.bucket, "FileName": k, "Hash": o.etag, "MimeType": o.mime,
                             "Size": o.size, "CreateTime": int(o.created), "ModifyTime": int(o.modified),
                             "StorageClass": o.storage_class, "RestoreStatus": "", "first_object": ""})
        self.send_json(200, {"BucketName": self.si.bucket, "BucketId": "ufile-standin-" + self.si.bucket,
                             "NextMarker": page[-1] if more and page else "", "DataSet": data})

    def list_objects(self):
        prefix, marker = self.q("prefix", ""), self.q("marker", "")
        delimiter = self.q("delimiter", "")
        if delimiter not in ("", "/"):
            raise UFileError(400, RC_BAD_REQUEST, "delimiter must be empty or /")
        max_keys = self.int_param("max-keys", 100, 0, 1000)
        contents, prefixes = [], []
        last, truncated, count = "", False, 0
        store = self.si.store
        for k in self.sorted_keys(prefix, marker):
            if delimiter and k == prefix and prefix.endswith(delimiter):
                continue  # docs quirk: the "directory" object itself is not listed
            entry_prefix = None
            if delimiter:
                i = k.find(delimiter, len(prefix))
                if i >= 0:
                    entry_prefix = k[:i + 1]
                    if entry_prefix <= marker or (prefixes and prefixes[-1]["Prefix"] == entry_prefix):
                        continue
            if count >= max_keys:
                truncated = True
                break
            count += 1
            if entry_prefix is not None:
                prefixes.append({"Prefix": entry_prefix})
                last = entry_prefix
                continue
            with store.lock:
                o = store.objects.get(k)
            if o is None:
                count -= 1
                continue
            contents.append({"Key": k, "MimeType": o.mime, "LastModified": int(o.modified),
                             "CreateTime": int(o.created), "Etag": o.etag, "Size": str(o.size),
                             "StorageClass": o.storage_class, "UserMeta": dict(o.meta)})
            last = k
        self.send_json(200, {"Name": self.si.bucket, "Prefix": prefix, "MaxKeys": str(max_keys),
                             "Delimiter": delimiter, "IsTruncated": truncated,
                             "NextMarker": last if truncated else "",
                             "Contents": contents, "CommonPrefixes": prefixes})

    # ------------------------------------------------------------------ multipart
    def upload_for(self, upload_id):
        with self.si.store.lock:
            up = self.si.store.uploads.get(upload_id)
        if up is None or up.key != self.key:
            raise UFileError(404, RC_NO_SUCH_UPLOAD, "upload id not found")
        return up

    def initiate(self):
        self.require_key()
        self.read_small_body()
        up = Upload(uuid.uuid4().hex + "-" + uuid.uuid4().hex[:8], self.key,
                    self.headers.get("Content-Type") or "application/octet-stream", self.meta_headers(),
                    self.headers.get("X-Ufile-Storage-Class") or "STANDARD")
        with self.si.store.lock:
            self.si.store.uploads[up.id] = up
        self.send_json(200, {"UploadId": up.id, "BlkSize": self.si.store.block_size,
                             "Bucket": self.si.bucket, "Key": self.key})

    def part_number(self):
        v = self.q("partNumber")
        if v is None or not re.fullmatch(r"[0-9]+", v):
            raise UFileError(400, RC_BAD_REQUEST, "partNumber must be an integer >= 0")
        return int(v)

    def store_part(self, up, n, path, size, sha1):
        etag = b64url(sha1)
        store = self.si.store
        with store.lock:
            if store.uploads.get(up.id) is not up:
                Store.unlink_all([path])
                raise UFileError(404, RC_NO_SUCH_UPLOAD, "upload id not found")
            old = up.parts.get(n)
            up.parts[n] = (path, size, etag, sha1, time.time())
        if old is not None:
            Store.unlink_all([old[0]])
        return etag

    def upload_part(self):
        self.require_key()
        up = self.upload_for(self.q("uploadId", ""))
        n = self.part_number()
        if self.chunked():
            self.close_connection = True
            raise UFileError(411, RC_LENGTH_REQUIRED, "Content-Length required (no chunked upload)")
        length = self.content_length()
        if length is None:
            raise UFileError(411, RC_LENGTH_REQUIRED, "Content-Length required")
        if not self.headers.get("Content-Type"):
            raise UFileError(400, RC_BAD_REQUEST, "Content-Type is required for UploadPart")
        path, _, sha1 = self.receive_data(length, self.si.store.up_dir)
        etag = self.store_part(up, n, path, length, sha1)
        self.send_json(200, {"PartNumber": n}, [("ETag", '"%s"' % etag if self.si.quote_part_etags else etag)])

    def upload_part_copy(self):
        self.require_key()
        up = self.upload_for(self.q("uploadId", ""))
        n = self.part_number()
        src_key = self.parse_copy_source()
        self.read_small_body()
        store = self.si.store
        with store.lock:
            src = store.objects.get(src_key)
            if src is None:
                raise UFileError(404, RC_FILE_NOT_EXIST, "file not exist")
            files = [(open(p, "rb"), s) for p, s in src.segments]
        try:
            m = re.fullmatch(r"\s*bytes=(\d+)-(\d+)\s*", self.headers.get("X-Ufile-Copy-Source-Range") or "")
            if not m or int(m.group(1)) > int(m.group(2)) or int(m.group(2)) >= src.size:
                raise UFileError(419, RC_INVALID_RANGE, "invalid copy source range")
            start, end = int(m.group(1)), int(m.group(2))
            path = store.new_path(store.up_dir)
            h = hashlib.sha1()
            with open(path, "wb") as out:
                pos, remaining = start, end - start + 1
                for f, size in files:
                    if pos >= size:
                        pos -= size
                        continue
                    f.seek(pos)
                    take = min(size - pos, remaining)
                    while take > 0:
                        b = f.read(min(IO_CHUNK, take))
                        out.write(b)
                        h.update(b)
                        take -= len(b)
                        remaining -= len(b)
                    pos = 0
                    if remaining == 0:
                        break
        finally:
            for f, _ in files:
                f.close()
        etag = self.store_part(up, n, path, end - start + 1, h.digest())
        self.send_json(200, {"PartNumber": n}, [("ETag", etag),
                                                 ("Content-Range", "bytes %d-%d/%d" % (start, end, src.size))])

    def finish_upload(self):
        self.require_key()
        upload_id = self.q("uploadId", "")
        new_key = self.q("newKey", "") or ""
        if new_key and not valid_key(new_key):
            raise UFileError(400, RC_BAD_REQUEST, "invalid newKey")
        body = self.read_small_body()
        up = self.upload_for(upload_id)
        try:
            text = body.decode("ascii")
        except UnicodeDecodeError:
            raise UFileError(400, RC_BAD_PARTS, "the body must be the part ETags joined by ','")
        etags = text.split(",") if text else []
        if not etags or any(not re.fullmatch(r"[A-Za-z0-9_=-]{28}", e) for e in etags):
            raise UFileError(400, RC_BAD_PARTS, "the body must be the part ETags joined by ',' (no quotes, no spaces)")
        store = self.si.store
        blk = store.block_size
        with store.lock:
            if store.uploads.get(up.id) is not up:
                raise UFileError(404, RC_NO_SUCH_UPLOAD, "upload id not found")
            parts = up.parts
            n = len(etags)
            for i, e in enumerate(etags):
                p = parts.get(i)
                if p is None:
                    raise UFileError(400, RC_BAD_PARTS, "part %d was not uploaded" % i)
                if p[2] != e:
                    raise UFileError(400, RC_BAD_PARTS, "etag of part %d does not match (ETags in partNumber order)" % i)
                if i < n - 1 and p[1] != blk:
                    raise UFileError(400, RC_BAD_PARTS, "part %d has %d bytes; every part but the last must be exactly %d"
                                     % (i, p[1], blk))
                if i == n - 1 and p[1] > blk:
                    raise UFileError(400, RC_BAD_PARTS, "last part %d is larger than the block size" % i)
            extra = sorted(k for k in parts if k >= n)
            if extra:
                raise UFileError(400, RC_BAD_PARTS, "uploaded parts %s are missing from the ETag list" % extra)
            chosen = [parts[i] for i in range(n)]
            size = sum(p[1] for p in chosen)
            if blk == ETAG_BLOCK:
                etag = object_etag([p[3] for p in chosen if p[1] > 0])
            else:
                etag = None
            if self.si.finish_newkey == "always":
                final_key = new_key or self.key
            else:  # docs: newKey is used only when <key> has been taken meanwhile
                final_key = new_key if (new_key and self.key in store.objects) else self.key
            del store.uploads[up.id]
        segments = []
        for p in chosen:
            if p[1] == 0:
                Store.unlink_all([p[0]])
                continue
            q = store.new_path(store.obj_dir)
            os.rename(p[0], q)
            segments.append((q, p[1]))
        if etag is None:
            etag = self.etag_from_files(segments)
        obj = Obj(segments, size, etag, up.mime, dict(up.meta), up.storage_class)
        store.put(final_key, obj)
        self.send_json(200, {"Bucket": self.si.bucket, "Key": final_key, "FileSize": size}, [("ETag", etag)])

    @staticmethod
    def etag_from_files(segments):
        blocks, blk, in_blk = [], hashlib.sha1(), 0
        for p, _ in segments:
            with open(p, "rb") as f:
                while True:
                    b = f.read(ETAG_BLOCK - in_blk)
                    if not b:
                        break
                    blk.update(b)
                    in_blk += len(b)
                    if in_blk == ETAG_BLOCK:
                        blocks.append(blk.digest())
                        blk, in_blk = hashlib.sha1(), 0
        if in_blk:
            blocks.append(blk.digest())
        return object_etag(blocks)

    def abort_upload(self):
        self.require_key()
        up = self.upload_for(self.q("uploadId", ""))
        store = self.si.store
        with store.lock:
            if store.uploads.pop(up.id, None) is None:
                raise UFileError(404, RC_NO_SUCH_UPLOAD, "upload id not found")
            paths = [p[0] for p in up.parts.values()]
        Store.unlink_all(paths)
        self.send_bytes(200)

    def list_uploads(self):
        prefix, marker = self.q("prefix", ""), self.q("marker", "")
        limit = self.int_param("limit", 20, 1, None)
        with self.si.store.lock:
            ups = sorted(((u.key, u.id, u) for u in self.si.store.uploads.values()
                          if u.key.startswith(prefix) and u.id > marker), key=lambda t: t[1])
        page, more = ups[:limit], len(ups) > limit
        self.send_json(200, {"RetCode": 0, "ErrMsg": "", "NextMarker": page[-1][1] if more else "",
                             "DataSet": [{"UploadId": u.id, "FileName": u.key, "StartTime": int(u.started),
                                          "StorageClass": u.storage_class} for _, _, u in page]})

    def list_parts(self):
        upload_id = self.q("uploadId", "")
        with self.si.store.lock:
            up = self.si.store.uploads.get(upload_id)
            if up is None:
                raise UFileError(404, RC_NO_SUCH_UPLOAD, "upload id not found")
            parts = sorted(up.parts.items())
        max_parts = self.int_param("max-parts", 1000, 1, 1000)
        marker = self.int_param("part-number-marker", -1, -1, None)
        parts = [p for p in parts if p[0] > marker]
        page, more = parts[:max_parts], len(parts) > max_parts
        self.send_json(200, {"UploadId": up.id, "Bucket": self.si.bucket, "Key": up.key,
                             "StorageClass": up.storage_class, "Status": "", "MaxParts": max_parts,
                             "IsTruncated": more, "NextPartNumberMarker": page[-1][0] if more else 0,
                             "Parts": [{"PartNum": n, "Etag": p[2], "LastModified": int(p[4]), "Size": p[1]}
                                       for n, p in page]})

    # ------------------------------------------------------------------ test administration (no auth)
    def admin(self, what):
        self.operation = "__admin"
        si = self.si
        if self.command in ("POST", "PUT"):
            self.read_small_body()
        if what == "reset" and self.command == "POST":
            si.store.reset()
            si.faults.configure([])
            with si.log_lock:
                si.requests, si.stats = [], {}
            return self.send_json(200, {"reset": True})
        if what == "faults" and self.command == "POST":
            si.faults.configure([(n, v) for n, v, _ in self.query])
            return self.send_json(200, {"faults": True})
        if what == "objects" and self.command == "GET":
            with si.store.lock:
                objs = [{"key": k, "size": o.size, "etag": o.etag, "mimeType": o.mime}
                        for k, o in sorted(si.store.objects.items())]
            return self.send_json(200, objs)
        if what == "uploads" and self.command == "GET":
            with si.store.lock:
                ups = [{"uploadId": u.id, "key": u.key, "parts": len(u.parts)} for u in si.store.uploads.values()]
            return self.send_json(200, ups)
        if what == "stats" and self.command == "GET":
            with si.log_lock:
                return self.send_json(200, dict(si.stats))
        if what == "requests" and self.command == "GET":
            with si.log_lock:
                return self.send_json(200, list(si.requests))
        self.send_json(404, {"error": "unknown admin endpoint " + what})


def self_test():
    """Protocol §3 test vectors (public TOKEN_pub, private 'secret')."""
    vectors = [
        ("PUT\n\napplication/octet-stream\n20240102030405\n/test-bucket/docker/registry/v2/blobs/sha256/ab/abcdef/data",
         "anedEz72klf/LwyNKdLBzmxGZ/g="),
        ("PUT\n5eb63bbbe01eeed093cb22bb8f5acdc3\ntext/plain\n20240102030405\n/test-bucket/hello.txt",
         "O7+brVNBqKcsMobbyqNRI2F284s="),
        ("GET\n\napplication/json; charset=utf-8\n20240102030405\n/test-bucket/", "yayu++IluTzhTILAnDd7t4rJnYs="),
        ("HEAD\n\n\n\n/test-bucket/docker/registry/v2/blobs/sha256/ab/abcdef/data", "lKOXXcZagt1LdpKTO+8V6DQiXyo="),
        ("DELETE\n\napplication/json; charset=utf-8\n20240102030405\n/test-bucket/dir/hello world 中文.txt",
         "lutQLk/lA2QPdiuYeEmJkoDFbc4="),
        ("POST\n\napplication/octet-stream\n20240102030405\n/test-bucket/docker/registry/v2/blobs/sha256/ab/abcdef/data",
         "W6+X5hDtBnI5gnDMnMBKqgtCvfI="),
        ("GET\n\n\n1700000000\n/test-bucket/docker/registry/v2/blobs/sha256/ab/abcdef/data",
         "E9whucNezmcvLvLOEZCsl3WREn8="),
        ("GET\n\n\n1700000000\n/test-bucket/dir/hello world 中文.txt", "PUR231DIeArpn/IwJ6yit5Flouw="),
        ("PUT\n\nimage/jpeg\n\n" + canonical_ucloud_headers({"X-UCloud-Foo": "foo", "X-UCloud-Bar": "bar1",
                                                             "x-ucloud-bar": "bar2"}) + "/test-bucket/demokey",
         "AeP0MS6Mibsr5VwdoVrM0OYl2aY="),
        ("PUT\n\n\n20240102030405\nx-ufile-copy-source:/src-bucket/src/key\nx-ufile-copy-source-range:bytes=0-4194303\n"
         "/test-bucket/dst/key", "QxIKPaFFywJ2CEgFzjkC+XL5I8w="),
        ("PUT\n\ntext/plain\n20261129184638\n/test-bucket/docker/registry/v2/a b+c.txt", "8+zVlCr5oArn/utPoTJXyE8S+Co="),
    ]
    failures = 0
    for sts, want in vectors:
        got = sign("secret", sts)
        if got != want:
            failures += 1
            print("signature vector FAILED: %r -> %s, want %s" % (sts, got, want))
    etags = [(b"hello world", "AQAAACqubDXJT8-0FdvpX0CLnOke6Ebt"), (b"", "AAAAANo5o-5ea0sNMlW_75VgGJCv2AcJ"),
             (bytes(ETAG_BLOCK + 1), "AgAAABCFgki5yzon0rjN9uJusf6qtsF6")]
    for data, want in etags:
        blocks = [hashlib.sha1(data[i:i + ETAG_BLOCK]).digest() for i in range(0, len(data), ETAG_BLOCK)]
        if object_etag(blocks) != want:
            failures += 1
            print("etag vector FAILED for %d bytes: %s, want %s" % (len(data), object_etag(blocks), want))
    if b64url(hashlib.sha1(bytes(ETAG_BLOCK)).digest()) != "K8y9LzjxXBPrfVqJ_Z2F9ZXiO8M=":
        failures += 1
        print("part etag vector FAILED")
    print("self-test: %d failure(s)" % failures)
    return failures == 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--bucket")
    p.add_argument("--public-key")
    p.add_argument("--private-key")
    p.add_argument("--data-dir")
    p.add_argument("--block-size", type=int, default=int(os.environ.get("UFILE_STANDIN_BLOCK_SIZE", ETAG_BLOCK)),
                   help="BlkSize returned by Initiate (4 MiB on the public cloud; default from $UFILE_STANDIN_BLOCK_SIZE)")
    p.add_argument("--finish-newkey", choices=("docs", "always"),
                   default=os.environ.get("UFILE_STANDIN_FINISH_NEWKEY", "docs"),
                   help="docs: Finish stores under newKey only when <key> is already taken (finish_multipart_upload.md); "
                        "always: a non-empty newKey always names the object (lenient; default from $UFILE_STANDIN_FINISH_NEWKEY)")
    p.add_argument("--quote-part-etags", action="store_true",
                   default=os.environ.get("UFILE_STANDIN_QUOTE_PART_ETAGS") == "1",
                   help="send UploadPart ETags quoted like PutFile's (a probe: upload_part.md shows them bare); "
                        "default from $UFILE_STANDIN_QUOTE_PART_ETAGS=1")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--request-log", help="append every bucket request (operation, status, error) as a JSON line")
    p.add_argument("--self-test", action="store_true", help="check the protocol's signature and ETag vectors, then exit")
    args = p.parse_args()
    if args.self_test:
        sys.exit(0 if self_test() else 1)
    for name in ("bucket", "public_key", "private_key", "data_dir"):
        if not getattr(args, name):
            p.error("--%s is required" % name.replace("_", "-"))
    standin = StandIn(args)
    server = Server((args.host, args.port), Handler, standin)
    print("ufile-standin listening on %s:%d bucket=%s" % (args.host, server.server_address[1], args.bucket), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
