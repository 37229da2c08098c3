#!/usr/bin/python3
"""rtcheck shim for OpenSSL's DTLS-SRTP (JSON lines on stdin/stdout, see ../README.md).

Drives `openssl s_server` / `openssl s_client` with -dtls1_2 -use_srtp and
-keymatexport EXTRACTOR-dtls_srtp (RFC 5764 §4.2), one child process per
session, and reads the negotiated profile, the peer certificate and the
exported keying material from their output. openssl itself does not compare
the peer certificate with an SDP fingerprint; the shim does (RFC 8122 §5), so a
mismatch is reported as error kind "fingerprint-mismatch" like the own stack
does. Requests run one at a time; the children are killed by PID when a
session is replaced, reported or the shim exits.
"""
import base64
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
CAPABILITIES = ["dtls.listen", "dtls.connect", "dtls.result"]
DEFAULT_TIMEOUT_S = 20.0
# rtcheck profile name -> (openssl name, master key length, master salt length)
PROFILES = {
    "AES_CM_128_HMAC_SHA1_80": ("SRTP_AES128_CM_SHA1_80", 16, 14),
    "AES_CM_128_HMAC_SHA1_32": ("SRTP_AES128_CM_SHA1_32", 16, 14),
    "AEAD_AES_128_GCM": ("SRTP_AEAD_AES_128_GCM", 16, 12),
    "AEAD_AES_256_GCM": ("SRTP_AEAD_AES_256_GCM", 32, 12),
}
BY_OPENSSL_NAME = {v[0]: k for k, v in PROFILES.items()}
KEYING = re.compile(r"Keying material: ([0-9A-Fa-f]+)")
NEGOTIATED = re.compile(r"SRTP Extension negotiated, profile=(\S+)")

_out = sys.stdout
sys.stdout = sys.stderr  # nothing but protocol lines on the real stdout
_workdir = tempfile.mkdtemp(prefix="rtcheck-openssl-shim-")
_counter = [0]


class ShimError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def log(msg):
    sys.stderr.write("[shim openssl] %s\n" % msg)
    sys.stderr.flush()


def reply(obj):
    _out.write(json.dumps(obj) + "\n")
    _out.flush()


def openssl_version():
    try:
        out = subprocess.run([OPENSSL, "version"], capture_output=True, text=True, timeout=10).stdout
        return out.strip().split("\n")[0]
    except (OSError, subprocess.SubprocessError) as e:
        return "unknown (%s)" % e


def fingerprint_of_pem(pem):
    m = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", pem, re.S)
    if not m:
        return None
    der = base64.b64decode("".join(m.group(1).split()))
    digest = hashlib.sha256(der).hexdigest().upper()
    return "sha-256 " + ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def normalize_fingerprint(text):
    parts = str(text).split()
    if len(parts) != 2:
        raise ShimError("invalid-args", "not a fingerprint: %r" % text)
    return parts[0].lower() + " " + parts[1].upper()


NO_EMS_CONF = """openssl_conf = rtcheck_conf
[rtcheck_conf]
ssl_conf = rtcheck_ssl
[rtcheck_ssl]
system_default = rtcheck_no_ems
[rtcheck_no_ems]
Options = -ExtendedMasterSecret
"""


def no_ems_environment():
    """OpenSSL 3.0 has no -no_ems switch; its SSL_CONF option does the same (RFC 7627 off)."""
    path = os.path.join(_workdir, "no-ems.cnf")
    with open(path, "w") as f:
        f.write(NO_EMS_CONF)
    env = dict(os.environ)
    env["OPENSSL_CONF"] = path
    return env


def credentials(args):
    """(cert path, key path, fingerprint): the given PEM, or a fresh ECDSA P-256 (or RSA) certificate."""
    _counter[0] += 1
    cert = os.path.join(_workdir, "cert-%d.pem" % _counter[0])
    key = os.path.join(_workdir, "key-%d.pem" % _counter[0])
    if "certificate" in args or "privateKey" in args:
        with open(cert, "w") as f:
            f.write(args.get("certificate", ""))
        with open(key, "w") as f:
            f.write(args.get("privateKey", ""))
        os.chmod(key, 0o600)
    else:
        key_type = args.get("keyType", "ecdsa")
        if key_type == "ecdsa":
            newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        elif key_type == "rsa":
            newkey = ["-newkey", "rsa:2048"]
        else:
            raise ShimError("invalid-args", "keyType must be ecdsa or rsa, got %r" % key_type)
        r = subprocess.run(
            [OPENSSL, "req", "-x509"] + newkey + [
             "-nodes", "-keyout", key, "-out", cert, "-subj", "/CN=rtcheck-openssl", "-days", "30"],
            capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise ShimError("subject-failure", "openssl req failed: " + r.stderr.strip())
    with open(cert) as f:
        fp = fingerprint_of_pem(f.read())
    if fp is None:
        raise ShimError("invalid-args", "certificate: no CERTIFICATE block")
    return cert, key, fp


def profiles_of(args):
    names = args.get("srtpProfiles") or ["AES_CM_128_HMAC_SHA1_80"]
    if not isinstance(names, list) or not names:
        raise ShimError("invalid-args", "srtpProfiles must be a non-empty list")
    unknown = [n for n in names if n not in PROFILES]
    if unknown:
        raise ShimError("unimplemented", "openssl has no DTLS-SRTP profile for %s" % unknown)
    lengths = {2 * (PROFILES[n][1] + PROFILES[n][2]) for n in names}
    if len(lengths) != 1:
        # -keymatexportlen is fixed before the handshake
        raise ShimError("unimplemented", "profiles with different key lengths in one list: %s" % names)
    return names, lengths.pop()


def free_udp_port(host):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((host, 0))
        return s.getsockname()[1]
    finally:
        s.close()


class Session:
    def __init__(self, role, command, expected, fingerprint, timeout_s, env=None):
        self.role = role
        self.expected = expected
        self.fingerprint = fingerprint
        self.timeout_s = timeout_s
        self.lines = []
        self.cond = threading.Condition()
        self.done = False
        log("%s: %s" % (role, " ".join(command)))
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, errors="replace", env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            line = line.rstrip("\n")
            sys.stderr.write("[openssl %s %d] %s\n" % (self.role, self.process.pid, line))
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()
        with self.cond:
            self.done = True
            self.cond.notify_all()

    def await_line(self, pattern, timeout_s):
        end = time.monotonic() + timeout_s
        with self.cond:
            while True:
                for line in self.lines:
                    m = pattern.search(line)
                    if m:
                        return m
                left = end - time.monotonic()
                if self.done or left <= 0:
                    return None
                self.cond.wait(left)

    def output(self):
        with self.cond:
            return "\n".join(self.lines)

    def kill(self):
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log("openssl pid %d did not die" % self.process.pid)
        if self.process.stdin:
            try:
                self.process.stdin.close()
            except OSError:
                pass

    def result(self, timeout_s):
        m = self.await_line(KEYING, timeout_s)
        out = self.output()
        if m is None:
            tail = "\n".join(out.split("\n")[-8:])
            if self.done:
                raise ShimError("handshake-failed", "openssl %s ended without a handshake:\n%s" % (self.role, tail))
            raise ShimError("handshake-timeout", "no handshake within %.0f s:\n%s" % (timeout_s, tail))
        exported = m.group(1).lower()
        negotiated = NEGOTIATED.search(out)
        profile = BY_OPENSSL_NAME.get(negotiated.group(1)) if negotiated else None
        if profile is None:
            raise ShimError("no-common-srtp-profile", "openssl negotiated no known SRTP profile")
        peer = peer_fingerprint(out, self.role)
        if peer is None:
            raise ShimError("no-peer-certificate", "openssl printed no peer certificate")
        if self.expected and peer not in self.expected:
            raise ShimError("fingerprint-mismatch",
                            "peer certificate %s matches none of %s" % (peer, self.expected))
        _, k, s = PROFILES[profile]
        raw = bytes.fromhex(exported)
        return {
            "role": self.role,
            "profile": profile,
            "keyingMaterial": exported,
            "clientKey": raw[0:k].hex(),
            "serverKey": raw[k:2 * k].hex(),
            "clientSalt": raw[2 * k:2 * k + s].hex(),
            "serverSalt": raw[2 * k + s:2 * k + 2 * s].hex(),
            "peerFingerprint": peer,
        }


def peer_fingerprint(output, role):
    label = "Server certificate" if role == "client" else "Client certificate"
    i = output.find(label)
    return fingerprint_of_pem(output[i:]) if i >= 0 else None


class Shim:
    def __init__(self):
        self.sessions = {}
        self.last = None

    def _replace(self, role, session):
        old = self.sessions.pop(role, None)
        if old:
            old.kill()
        self.sessions[role] = session
        self.last = role

    def _common(self, args, role):
        expected = args.get("fingerprint")
        if isinstance(expected, str):
            expected = [expected]
        expected = [normalize_fingerprint(f) for f in (expected or [])]
        names, length = profiles_of(args)
        timeout_s = float(args.get("timeoutMs", DEFAULT_TIMEOUT_S * 1000)) / 1000.0
        cert, key, fp = credentials(args)
        srtp = [
            "-dtls1_2", "-use_srtp", ":".join(PROFILES[n][0] for n in names),
            "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", str(length),
        ]
        send_certificate = args.get("sendCertificate", True)
        if send_certificate is False and role != "client":
            raise ShimError("invalid-args", "sendCertificate: false is for a client only")
        if send_certificate is not False:
            srtp += ["-cert", cert, "-key", key]
        env = None
        if args.get("extendedMasterSecret", True) is False:
            env = no_ems_environment()
        return expected, timeout_s, fp, srtp, env

    def listen(self, args):
        expected, timeout_s, fp, srtp, env = self._common(args, "server")
        host = args.get("host", "127.0.0.1")
        port = int(args.get("port") or free_udp_port(host))
        command = [OPENSSL, "s_server"] + srtp + ["-accept", "%s:%d" % (host, port), "-verify", "1"]
        session = Session("server", command, expected, fp, timeout_s, env)
        self._replace("server", session)
        if session.await_line(re.compile(r"^ACCEPT"), 10.0) is None:
            raise ShimError("subject-failure", "s_server did not start:\n" + session.output())
        return {"host": host, "port": port, "fingerprint": fp}

    def connect(self, args):
        if not args.get("port"):
            raise ShimError("invalid-args", "dtls.connect needs a port")
        expected, timeout_s, fp, srtp, env = self._common(args, "client")
        host = args.get("host", "127.0.0.1")
        command = [OPENSSL, "s_client"] + srtp + ["-connect", "%s:%d" % (host, int(args["port"]))]
        self._replace("client", Session("client", command, expected, fp, timeout_s, env))
        return {"fingerprint": fp}

    def result(self, args):
        role = args.get("role", self.last)
        if role not in ("client", "server", None):
            raise ShimError("invalid-args", "role must be client or server")
        session = self.sessions.pop(role, None) if role else None
        if session is None:
            raise ShimError("invalid-state", "dtls.result before any dtls.listen or dtls.connect of that role")
        try:
            timeout_s = float(args["timeoutMs"]) / 1000.0 if "timeoutMs" in args else session.timeout_s
            return session.result(timeout_s)
        finally:
            session.kill()

    def close(self):
        for s in list(self.sessions.values()):
            s.kill()
        self.sessions.clear()
        shutil.rmtree(_workdir, ignore_errors=True)


def main():
    shim = Shim()
    ops = {"dtls.listen": shim.listen, "dtls.connect": shim.connect, "dtls.result": shim.result}
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                req = json.loads(line)
            except ValueError:
                log("not JSON: %r" % line)
                continue
            rid, op, args = req.get("id"), req.get("op"), req.get("args") or {}
            if op == "describe":
                reply({"id": rid, "ok": {"name": "openssl", "version": openssl_version(),
                                         "capabilities": CAPABILITIES}})
                continue
            if op == "close":
                reply({"id": rid, "ok": {}})
                break
            fn = ops.get(op)
            if fn is None:
                reply({"id": rid, "error": {"kind": "unimplemented", "message": "openssl shim does not implement %s" % op}})
                continue
            try:
                reply({"id": rid, "ok": fn(args)})
            except ShimError as e:
                reply({"id": rid, "error": {"kind": e.kind, "message": str(e)}})
            except (OSError, ValueError, TypeError, KeyError, subprocess.SubprocessError) as e:
                reply({"id": rid, "error": {"kind": "invalid-args" if isinstance(e, (ValueError, TypeError, KeyError)) else "subject-failure",
                                            "message": "%s: %s" % (type(e).__name__, e)}})
    finally:
        shim.close()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
