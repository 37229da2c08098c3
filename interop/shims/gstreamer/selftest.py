#!/usr/bin/python3
"""Self-test for the GStreamer webrtcbin shim, through the JSON-lines protocol.

Usage: /usr/bin/python3 selftest.py [--cross]
--cross also runs GStreamer against the browser shims (../browser, needs
node, chromium, firefox-esr and `npm ci` there): each browser answers
GStreamer's offer and GStreamer answers each browser's offer.
"""
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
failures = [0]
timings = {}


def check(cond, what):
    print("  %s %s" % ("ok  " if cond else "FAIL", what), flush=True)
    if not cond:
        failures[0] += 1


class Shim:
    def __init__(self, kind, cmd, cwd):
        self.kind = kind
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.next_id = 1
        self.replies = {}
        self.cv = threading.Condition()
        self.bad = []
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: [self.stderr.append(l) for l in self.proc.stderr], daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                m = json.loads(line)
            except ValueError:
                self.bad.append(line)
                continue
            with self.cv:
                self.replies[m.get("id")] = m
                self.cv.notify_all()

    def req(self, op, args=None, timeout=30):
        rid = self.next_id
        self.next_id += 1
        t0 = time.monotonic()
        self.proc.stdin.write(json.dumps({"id": rid, "op": op, "args": args or {}}) + "\n")
        self.proc.stdin.flush()
        with self.cv:
            if not self.cv.wait_for(lambda: rid in self.replies, timeout):
                raise RuntimeError("%s %s: no reply in %d s" % (self.kind, op, timeout))
            r = self.replies.pop(rid)
        timings.setdefault("%s %s" % (self.kind, op), []).append((time.monotonic() - t0) * 1000)
        return r


def sections(sdp):
    return re.findall(r"^m=(\w+)", sdp, re.M)


def directions(sdp):
    return re.findall(r"^a=(sendrecv|sendonly|recvonly|inactive)\r?$", sdp, re.M)


def own_tests(g):
    print("\n== gstreamer")
    d = g.req("describe")
    check(d.get("ok", {}).get("name") == "gstreamer", "describe -> %s" % d.get("ok"))
    u = g.req("sdp.nonsense")
    check(u.get("error", {}).get("kind") == "unimplemented", "unknown op -> unimplemented")
    o = g.req("jsep.offer", {"audio": True, "video": True, "datachannel": True})
    sdp = o.get("ok", {}).get("sdp", "")
    check(sections(sdp) == ["audio", "video", "application"], "offer sections %s" % sections(sdp))
    check(re.search(r"^a=candidate:\S+ 1 UDP \d+ 127\.0\.0\.1 \d+ typ host", sdp, re.M | re.I) is not None,
          "offer has a 127.0.0.1 host candidate")
    check("a=group:BUNDLE" in sdp, "offer is bundled (max-bundle)")
    a = g.req("jsep.answer", {"sdp": sdp})
    asdp = a.get("ok", {}).get("sdp", "")
    check(sections(asdp) == ["audio", "video", "application"], "answer to own offer %s" % sections(asdp))
    check(directions(asdp)[:2] == ["sendrecv", "sendrecv"], "answer sends audio and video %s" % directions(asdp))
    acc = g.req("jsep.accept-answer", {"sdp": asdp})
    check(acc.get("ok") == {}, "accept-answer -> {} %s" % acc.get("error", ""))
    g.req("jsep.offer", {"audio": True, "video": False, "datachannel": False})
    bad = g.req("jsep.accept-answer", {"sdp": "v=0\r\nthis is not sdp\r\n"})
    check(bad.get("error", {}).get("kind") == "rejected", "garbage answer -> rejected: %s" % bad.get("error"))
    dc = g.req("jsep.offer", {"audio": False, "video": False, "datachannel": True})
    check(sections(dc.get("ok", {}).get("sdp", "")) == ["application"], "datachannel-only offer")
    h = g.req("jsep.harvest", {"audio": True, "video": True, "datachannel": True})
    check(len(sections(h.get("ok", {}).get("offer", ""))) == 3 and len(sections(h.get("ok", {}).get("answer", ""))) == 3,
          "harvest")


def cross(offerer, answerer):
    name = "%s -> %s" % (offerer.kind, answerer.kind)
    o = offerer.req("jsep.offer", {"audio": True, "video": True, "datachannel": True})
    if "ok" not in o:
        check(False, "%s: offer %s" % (name, o))
        return
    a = answerer.req("jsep.answer", {"sdp": o["ok"]["sdp"]})
    asdp = a.get("ok", {}).get("sdp", "")
    check(sections(asdp) == ["audio", "video", "application"],
          "%s: %s answered, sections %s dirs %s %s" % (name, answerer.kind, sections(asdp), directions(asdp), a.get("error", "")))
    if not asdp:
        return
    acc = offerer.req("jsep.accept-answer", {"sdp": asdp})
    check(acc.get("ok") == {}, "%s: %s accepted the answer %s" % (name, offerer.kind, acc.get("error", "")))


def finish(s):
    c = s.req("close")
    try:
        code = s.proc.wait(15)
    except subprocess.TimeoutExpired:
        s.proc.kill()
        code = "hung"
    check(c.get("ok") == {} and code == 0, "%s close -> {} and exit 0 (%s)" % (s.kind, code))
    check(not s.bad, "%s stdout only protocol lines %s" % (s.kind, s.bad[:1]))


def main():
    t0 = time.monotonic()
    g = Shim("gstreamer", ["/usr/bin/python3", "shim.py"], HERE)
    others = []
    if "--cross" in sys.argv:
        bdir = os.path.join(HERE, "..", "browser")
        others = [Shim(b, ["node", "shim.js", b], bdir) for b in ("chromium", "firefox")]
    try:
        own_tests(g)
        for b in others:
            print("\n== cross with %s" % b.kind)
            check("ok" in b.req("describe"), "%s describe" % b.kind)
            cross(g, b)
            cross(b, g)
    finally:
        print("\n== close")
        for s in [g] + others:
            finish(s)
        if failures[0]:
            for s in [g] + others:
                sys.stdout.write("--- %s stderr (tail)\n%s" % (s.kind, "".join(s.stderr[-40:])))
    # EOF and SIGTERM paths
    print("\n== EOF / SIGTERM")
    for how in ("EOF", "TERM"):
        s = Shim("gstreamer", ["/usr/bin/python3", "shim.py"], HERE)
        s.req("jsep.offer", {})
        if how == "EOF":
            s.proc.stdin.close()
        else:
            s.proc.terminate()
        try:
            code = s.proc.wait(10)
        except subprocess.TimeoutExpired:
            s.proc.kill()
            code = "hung"
        check(code in (0, 143), "exit after %s (code %s)" % (how, code))
    print("\n== timings (ms)")
    for k, v in timings.items():
        v = sorted(v)
        print("  %-32s n=%2d median=%6.0f max=%6.0f" % (k, len(v), v[len(v) // 2], v[-1]))
    print("\n%s (%d failures) in %.1f s" % ("FAILED" if failures[0] else "PASSED", failures[0], time.monotonic() - t0))
    sys.exit(1 if failures[0] else 0)


if __name__ == "__main__":
    main()
