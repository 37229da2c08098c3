#!/usr/bin/python3
"""rtcheck shim for GStreamer webrtcbin (JSON lines on stdin/stdout, see ../README.md).

One GLib main loop (main thread) owns every pipeline; a reader thread turns
stdin lines into requests and hands them over with GLib.idle_add. Requests run
one at a time; each op is a generator that yields "waits" (a Gst.Promise
reply, ICE gathering done) and is resumed on the main loop when they finish.

Each peer connection is a pipeline: webrtcbin (bundle-policy=max-bundle) fed
by audiotestsrc ! opusenc ! rtpopuspay and videotestsrc ! vp8enc ! rtpvp8pay,
plus a data channel "rtcheck". ICE is restricted to 127.0.0.1 (libnice skips
loopback interfaces unless an address is added explicitly), UDP only.
"""
import hashlib
import json
import re
import os
import sys
import threading
import time
import traceback

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
try:
    gi.require_version("Nice", "0.1")
    from gi.repository import Nice
except (ValueError, ImportError):  # gir1.2-nice-0.1 missing: no loopback restriction
    Nice = None
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

GATHER_TIMEOUT_S = 10.0
CAPS_TIMEOUT_S = 3.0  # a new test source's caps reach webrtcbin within this (else we offer without)
CAPABILITIES = ["jsep.offer", "jsep.answer", "jsep.accept-answer", "jsep.harvest",
                "pc.create", "dc.create", "pc.offer", "pc.answer", "pc.accept-answer", "pc.candidates",
                "pc.add-candidate", "pc.wait", "dc.wait-open", "dc.send", "dc.receive-check", "pc.stats", "pc.close",
                "pc.add-media", "media.check", "media.rtcp-check", "pc.restart-ice"]
LOCAL_ADDRESSES = [a for a in os.environ.get("RTCHECK_GST_ICE_ADDRESSES", "127.0.0.1").split(",") if a]

_out = sys.stdout
sys.stdout = sys.stderr  # nothing but protocol lines on the real stdout
_out_lock = threading.Lock()


def log(msg):
    sys.stderr.write("[shim gstreamer] %s\n" % msg)
    sys.stderr.flush()


def reply(obj):
    with _out_lock:
        _out.write(json.dumps(obj) + "\n")
        _out.flush()


class OpError(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


# ---- waits: things an op generator can yield ---------------------------------

class PromiseWait:
    """Yielded as PromiseWait(lambda promise: webrtc.emit(...)); resumes with the reply structure."""

    def __init__(self, start):
        self.start_fn = start

    def start(self, resume):
        def done(promise):
            GLib.idle_add(resume, promise.get_reply())
        self.start_fn(Gst.Promise.new_with_change_func(done))


class GatherWait:
    """Resumes with True when ice-gathering-state is COMPLETE, False after the timeout."""

    def __init__(self, pc, timeout_s):
        self.pc, self.timeout_s = pc, timeout_s

    def start(self, resume):
        pc = self.pc
        state = {"done": False}

        def finish(value):
            if state["done"]:
                return False
            state["done"] = True
            pc.webrtc.disconnect(handler)
            GLib.source_remove(timer)
            resume(value)
            return False

        def check():
            if pc.webrtc.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
                finish(True)
            return False

        handler = pc.webrtc.connect("notify::ice-gathering-state", lambda *a: GLib.idle_add(check))
        timer = GLib.timeout_add(int(self.timeout_s * 1000), lambda: finish(False))
        check()


class PollWait:
    """Resumes with the elapsed ms once cond() is true; raises the OpError of on_timeout(ms) after
    timeout_s (checked every 10 ms on the main loop)."""

    def __init__(self, cond, timeout_s, on_timeout):
        self.cond, self.timeout_s, self.on_timeout = cond, timeout_s, on_timeout

    def start(self, resume):
        t0 = time.monotonic()

        def tick():
            ms = int((time.monotonic() - t0) * 1000)
            try:
                if self.cond():
                    resume(ms)
                    return False
            except OpError as e:
                resume(e)
                return False
            if ms >= self.timeout_s * 1000:
                resume(self.on_timeout(ms))
                return False
            return True

        if tick():
            GLib.timeout_add(10, tick)


# ---- one peer connection ---------------------------------------------------------

_KEEP = []


class Peer:
    count = 0

    def __init__(self, send):
        """send: list of (mline_index or None, kind, payload_type)."""
        Peer.count += 1
        self.name = "pc%d" % Peer.count
        self.pipe = Gst.Pipeline.new(self.name)
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "webrtc")
        self.webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.webrtc.set_property("latency", 100)
        self.pipe.add(self.webrtc)
        self.candidates = []  # (mline, "candidate:…")
        self.sources = []  # test-source bins, whose caps (with the payloader's ssrc) the offer needs
        self.channels = []
        self.webrtc.connect("on-ice-candidate", self._on_candidate)
        self.webrtc.connect("on-data-channel", lambda w, ch: self.channels.append(ch))
        self._restrict_ice()
        for mline, kind, pt in send:
            self._add_source(mline, kind, pt)
        bus = self.pipe.get_bus()
        bus.add_signal_watch()
        bus.connect("message::error", self._on_error)
        bus.connect("message::warning", self._on_warning)

    def _restrict_ice(self):
        ice = self.webrtc.get_property("ice-agent")
        # PyGObject drops one reference too many when this wrapper is collected
        # (webrtcbin's ice-agent getter), which frees webrtcbin's agent under it
        # and crashes later: keep the wrappers for the life of the process.
        _KEEP.append(ice)
        try:
            ice.set_property("ice-tcp", False)
        except TypeError:
            pass
        if Nice is None:
            log("gir1.2-nice-0.1 missing: ICE gathers on libnice's default interfaces (no loopback)")
            return
        agent = ice.get_property("agent")
        _KEEP.append(agent)
        for ip in LOCAL_ADDRESSES:
            addr = Nice.Address.new()
            if addr.set_from_string(ip):
                agent.add_local_address(addr)

    def _add_source(self, mline, kind, pt):
        if kind == "audio":
            caps = ("application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=%d,"
                    "encoding-params=(string)2" % pt)  # OPUS/48000/2: without it Firefox rejects the m-line
            desc = ("audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! queue ! opusenc ! "
                    "rtpopuspay pt=%d ! capsfilter caps=application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload=%d"
                    % (pt, pt))
        else:
            caps = "application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=%d" % pt
            desc = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=15/1 ! "
                    "videoconvert ! queue ! vp8enc deadline=1 cpu-used=8 ! "
                    "rtpvp8pay pt=%d ! capsfilter caps=application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=%d"
                    % (pt, pt))
        src = Gst.parse_bin_from_description(desc, True)
        self.pipe.add(src)
        pad_name = "sink_%d" % mline if mline is not None else "sink_%u"
        sink = self.webrtc.request_pad_simple(pad_name)
        if sink is None:
            raise OpError("internal", "webrtcbin refused pad %s" % pad_name)
        src.get_static_pad("src").link(sink)
        src.sync_state_with_parent()  # a no-op before start(); needed when the pipeline plays
        self.sources.append(src)
        # Codec preferences up front: without them webrtcbin only knows the
        # codec once the encoder's caps reach the pad, and answers recvonly
        # when create-answer runs before that (seen with vp8enc).
        trans = sink.get_property("transceiver")
        _KEEP.append(trans)
        trans.set_property("codec-preferences", Gst.Caps.from_string(caps))
        trans.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDRECV)

    def _on_candidate(self, _webrtc, mline, candidate):
        self.candidates.append((mline, candidate))

    def _on_error(self, _bus, msg):
        err, dbg = msg.parse_error()
        log("%s error from %s: %s (%s)" % (self.name, msg.src.get_name(), err.message, dbg))

    def _on_warning(self, _bus, msg):
        err, dbg = msg.parse_warning()
        log("%s warning from %s: %s" % (self.name, msg.src.get_name(), err.message))

    def start(self):
        if self.pipe.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            raise OpError("internal", "%s: pipeline refused PLAYING" % self.name)

    def local_sdp(self):
        desc = self.webrtc.get_property("local-description")
        text = desc.sdp.as_text()
        own = text.count("a=candidate:")
        text = add_candidates(text, self.candidates)
        log("%s: local description had %d candidate line(s), %d after adding the %d gathered"
            % (self.name, own, text.count("a=candidate:"), len(self.candidates)))
        return text

    def close(self):
        self.pipe.set_state(Gst.State.NULL)
        bus = self.pipe.get_bus()
        bus.remove_signal_watch()


def add_candidates(text, candidates):
    """Put gathered candidates into the SDP text where webrtcbin left them out."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    out, section, pending = [], -1, {}
    for mline, cand in candidates:
        pending.setdefault(mline, []).append(cand)

    def flush(idx):
        existing = set(l for l in out if l.startswith("a=candidate:"))
        for c in pending.get(idx, []):
            line = "a=" + c if not c.startswith("a=") else c
            if line not in existing:
                out.append(line)

    for l in lines:
        if l.startswith("m="):
            if section >= 0:
                flush(section)
            section += 1
        out.append(l)
    if section >= 0:
        flush(section)
    return "\r\n".join(out) + "\r\n"


def parse_sdp(text, kind):
    ok, msg = GstSdp.SDPMessage.new_from_text(text)
    if ok != GstSdp.SDPResult.OK or msg.medias_len() == 0 and "m=" in text:
        raise OpError("malformed", "cannot parse %s SDP" % kind)
    return msg


def reply_error(reply_struct, what):
    """webrtcbin puts a GError in the promise reply when an operation failed."""
    if reply_struct is None:
        return None
    if reply_struct.has_field("error"):
        err = reply_struct.get_value("error")
        return "%s: %s" % (what, getattr(err, "message", err))
    return None


def create_and_set_local(pc, sdp_type, error_kind):
    """create-offer or create-answer, then set-local-description with it; a failure of either is
    an OpError of error_kind naming the step."""
    r = yield PromiseWait(lambda p: pc.webrtc.emit("create-" + sdp_type, None, p))
    e = reply_error(r, "create-" + sdp_type)
    if e or r is None or not r.has_field(sdp_type):
        raise OpError(error_kind, e or "create-%s gave no %s" % (sdp_type, sdp_type))
    description = r.get_value(sdp_type)
    r = yield PromiseWait(lambda p: pc.webrtc.emit("set-local-description", description, p))
    e = reply_error(r, "set-local-description")
    if e:
        raise OpError(error_kind, e)


def ice_ufrag(sdp):
    """The first a=ice-ufrag of an SDP text (session or media level), or None."""
    m = re.search(r"^a=ice-ufrag:(\S+)", sdp or "", re.M)
    return m.group(1) if m else None


def offered_sends(msg):
    """(mline, kind, pt) for each offered audio/video m-line we can send on (opus / VP8)."""
    sends = []
    want = {"audio": "OPUS", "video": "VP8"}
    for i in range(msg.medias_len()):
        m = msg.get_media(i)
        kind = m.get_media()
        if kind not in want or (m.get_port() == 0 and m.get_attribute_val("bundle-only") is None):
            continue
        if m.get_attribute_val("sendonly") is not None or m.get_attribute_val("inactive") is not None:
            continue
        pt = None
        for j in range(m.attributes_len()):
            a = m.get_attribute(j)
            if a.key == "rtpmap" and a.value:
                num, _, enc = a.value.partition(" ")
                if enc.split("/")[0].upper() == want[kind]:
                    pt = int(num)
                    break
        if pt is not None:
            sends.append((i, kind, pt))
        else:
            log("offer m-line %d (%s) has no %s: answering without sending" % (i, kind, want[kind]))
    return sends


# ---- media received (media.check) ------------------------------------------------------

DECODE_GAP_S = 0.5  # decode counters are read twice at least this far apart


def media_counter():
    return {"track": False, "packets": 0, "bytes": 0, "ssrcs": set(), "pts": set(), "malformed": 0, "decoded": 0}


def negotiated_pts(pc, kind):
    """Payload types of the remote description's m=<kind> sections (RFC 3550 A.1: a known PT)."""
    desc = pc.webrtc.get_property("remote-description")
    pts = set()
    if desc is None:
        return pts
    for line in desc.sdp.as_text().splitlines():
        if line.startswith("m=%s " % kind):
            pts.update(int(p) for p in line.split()[3:] if p.isdigit())
    return pts


def receive_media(pc, pad):
    """A webrtcbin src pad (RTP of one remote stream): a probe counts its packets (RFC 3550 A.1
    checks), then decodebin ! fakesink, whose buffers count decoded frames / samples."""
    if pad.get_direction() != Gst.PadDirection.SRC:
        return
    caps = pad.get_current_caps() or pad.query_caps(None)
    kind = caps.get_structure(0).get_string("media") if caps and caps.get_size() else None
    if kind not in pc.rx:
        log("%s: src pad %s with caps %s is not audio or video; not received" % (pc.name, pad.get_name(), caps))
        return
    rx = pc.rx[kind]
    rx["track"] = True
    known = negotiated_pts(pc, kind)

    def on_rtp(_pad, info):
        buf = info.get_buffer()
        head = buf.extract_dup(0, min(12, buf.get_size()))
        if len(head) < 12 or head[0] >> 6 != 2 or (head[1] & 0x7F) not in known:
            rx["malformed"] += 1
        else:
            rx["packets"] += 1
            rx["bytes"] += buf.get_size()
            rx["ssrcs"].add(int.from_bytes(head[8:12], "big"))
            rx["pts"].add(head[1] & 0x7F)
        return Gst.PadProbeReturn.OK

    pad.add_probe(Gst.PadProbeType.BUFFER, on_rtp)
    decode = Gst.ElementFactory.make("decodebin")

    def on_decoded(_pad, info):
        buf = info.get_buffer()
        if kind == "video":
            rx["decoded"] += 1
        elif buf.duration != Gst.CLOCK_TIME_NONE:
            rx["decoded"] += int(buf.duration * 48000 // Gst.SECOND)  # samples at 48 kHz
        return Gst.PadProbeReturn.OK

    def on_decoder_pad(_decode, out):
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("sync", False)
        pc.pipe.add(sink)
        sink.sync_state_with_parent()
        out.link(sink.get_static_pad("sink"))
        out.add_probe(Gst.PadProbeType.BUFFER, on_decoded)

    decode.connect("pad-added", on_decoder_pad)
    pc.pipe.add(decode)
    decode.sync_state_with_parent()
    pad.link(decode.get_static_pad("sink"))


# ---- peer-connection sessions: data channels ------------------------------------------

HIGH_WATER = 256 * 1024  # stop queueing above this buffered-amount


def rtcp_stats(reply, kind):
    """The remote-inbound-rtp and remote-outbound-rtp entries of a get-stats reply, as dicts with
    their fields; an entry without a kind field (webrtcbin 1.22 has none on them) counts for any kind."""
    out = []
    if reply is None:
        return out

    def each(_field, value, _data):
        if isinstance(value, Gst.Structure):
            t = value.get_value("type") if value.has_field("type") else None
            nick = getattr(t, "value_nick", None) or value.get_name()
            if nick in ("remote-inbound-rtp", "remote-outbound-rtp"):
                entry = {"type": nick}
                for i in range(value.n_fields()):
                    name = value.nth_field_name(i)
                    v = value.get_value(name)
                    if name != "type" and isinstance(v, (int, float, str, bool)):
                        entry[name] = v
                if entry.get("kind", kind) == kind:
                    out.append(entry)
        return True

    reply.foreach(each, None)
    return out


def message(i, size, seed):
    """Message i of a transfer: i as 4 bytes big-endian, then the seed's pattern (../README.md)."""
    return i.to_bytes(4, "big") + bytes((seed + i * 131 + j * 7) & 0xFF for j in range(4, size))


def pc_track(pc, ch):
    """Keeps what arrives on a channel (called on a streaming thread for remote channels)."""
    label = ch.get_property("label")
    if label in pc.received:
        return pc.received[label]
    _KEEP.append(ch)
    rec = {"channel": ch, "parts": {}, "bytes": 0, "messages": 0, "duplicates": 0, "inOrder": True,
           "last": -1, "lock": threading.Lock()}

    def on_data(_ch, data):
        b = bytes(data.get_data()) if data is not None else b""
        with rec["lock"]:
            i = int.from_bytes(b[:4], "big") if len(b) >= 4 else rec["messages"]
            if i in rec["parts"]:
                rec["duplicates"] += 1
            else:
                rec["parts"][i] = b
                rec["bytes"] += len(b)
            rec["messages"] += 1
            if i != rec["last"] + 1:
                rec["inOrder"] = False
            rec["last"] = i

    ch.connect("on-message-data", on_data)
    ch.connect("on-message-string", lambda c, text: on_data(c, GLib.Bytes.new((text or "").encode())))
    pc.received[label] = rec
    return rec


def channel_json(rec):
    ch = rec["channel"]
    mr = ch.get_property("max-retransmits")
    return {"label": ch.get_property("label"), "id": ch.get_property("id"), "ordered": ch.get_property("ordered"),
            "maxRetransmits": None if mr is None or mr < 0 else mr, "protocol": ch.get_property("protocol")}


def media_mids(desc):
    """The a=mid of each m-line of a description (None where there is none). Read from the text:
    walking the GstSDPMessage of a description property through PyGObject crashed here."""
    if desc is None:
        return []
    _KEEP.append(desc)
    mids = []
    for line in desc.sdp.as_text().replace("\r\n", "\n").split("\n"):
        if line.startswith("m="):
            mids.append(None)
        elif line.startswith("a=mid:") and mids:
            mids[-1] = line[len("a=mid:"):].strip()
    return mids


def stuck_in(pc, label=None):
    """Which step a session is stuck in, for timeout messages."""
    w = pc.webrtc
    ice = w.get_property("ice-connection-state").value_nick
    conn = w.get_property("connection-state").value_nick
    gathering = w.get_property("ice-gathering-state").value_nick
    facts = "(gathering %s, ice %s, connection %s, %d local / %d remote candidates added)" % (
        gathering, ice, conn, len(pc.candidates), pc.remote_candidates)
    if not pc.remote_set:
        return "signaling: no remote description " + facts
    if ice == "failed":
        return "checking: ICE failed " + facts
    if gathering != "complete" and not pc.candidates:
        return "gathering " + facts
    if ice in ("new", "checking"):
        return "checking (ICE) " + facts
    if conn != "connected":
        return "DTLS " + facts
    rec = pc.received.get(label) if label else None
    if label and (rec is None or rec["channel"].get_property("ready-state") != GstWebRTC.WebRTCDataChannelState.OPEN):
        return "SCTP: channel %s %s %s" % (label, "not announced" if rec is None else
                                            rec["channel"].get_property("ready-state").value_nick, facts)
    return "data transfer " + facts


# ---- the ops -------------------------------------------------------------------------

class Shim:
    def __init__(self):
        self.peers = []
        self.last_offer = None
        self.sessions = {}
        self.queue = []
        self.busy = False

    def flag(self, args, key):
        v = args.get(key)
        return True if v is None else bool(v)

    def make_offer(self, args):
        sends = []
        if self.flag(args, "audio"):
            sends.append((None, "audio", 96))
        if self.flag(args, "video"):
            sends.append((None, "video", 97))
        pc = Peer(sends)
        self.peers.append(pc)
        pc.start()
        if self.flag(args, "datachannel"):
            ch = pc.webrtc.emit("create-data-channel", "rtcheck", None)
            if ch is None:
                raise OpError("internal", "create-data-channel returned nothing")
            pc.channels.append(ch)
        yield from create_and_set_local(pc, "offer", "internal")
        complete = yield GatherWait(pc, GATHER_TIMEOUT_S)
        if not complete:
            log("%s: ICE gathering did not complete in %.0f s" % (pc.name, GATHER_TIMEOUT_S))
        return pc, pc.local_sdp()

    def make_answer(self, offer_text):
        msg = parse_sdp(offer_text, "offer")
        pc = Peer(offered_sends(msg))
        self.peers.append(pc)
        pc.start()
        desc = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.OFFER, msg)
        r = yield PromiseWait(lambda p: pc.webrtc.emit("set-remote-description", desc, p))
        e = reply_error(r, "set-remote-description")
        if e:
            raise OpError("rejected", e)
        yield from create_and_set_local(pc, "answer", "rejected")
        complete = yield GatherWait(pc, GATHER_TIMEOUT_S)
        if not complete:
            log("%s: ICE gathering did not complete in %.0f s" % (pc.name, GATHER_TIMEOUT_S))
        return pc, pc.local_sdp()

    def op_offer(self, args):
        pc, sdp = yield from self.make_offer(args)
        self.last_offer = pc
        return {"type": "offer", "sdp": sdp}

    def op_answer(self, args):
        if not isinstance(args.get("sdp"), str):
            raise OpError("malformed", "args.sdp (a string) is required")
        _pc, sdp = yield from self.make_answer(args["sdp"])
        return {"type": "answer", "sdp": sdp}

    def op_accept_answer(self, args):
        if not isinstance(args.get("sdp"), str):
            raise OpError("malformed", "args.sdp (a string) is required")
        if self.last_offer is None:
            raise OpError("invalid-state", "no jsep.offer has been made")
        ok, msg = GstSdp.SDPMessage.new_from_text(args["sdp"])
        if ok != GstSdp.SDPResult.OK:
            raise OpError("rejected", "set-remote-description: cannot parse answer SDP (%s)" % ok)
        pc = self.last_offer
        desc = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, msg)
        r = yield PromiseWait(lambda p: pc.webrtc.emit("set-remote-description", desc, p))
        e = reply_error(r, "set-remote-description")
        if e:
            raise OpError("rejected", e)
        if pc.webrtc.get_property("signaling-state") != GstWebRTC.WebRTCSignalingState.STABLE:
            raise OpError("rejected", "set-remote-description: signaling state is %s, not stable"
                          % pc.webrtc.get_property("signaling-state").value_nick)
        return {}

    def op_harvest(self, args):
        opc, offer = yield from self.make_offer(args)
        apc, answer = yield from self.make_answer(offer)
        for pc in (opc, apc):
            pc.close()
            self.peers.remove(pc)
        return {"offer": offer, "answer": answer}

    # -- peer-connection ops (pc.*, dc.*; ../README.md): the harness does the signaling --

    def session(self, args):
        pc = self.sessions.get(args.get("pc"))
        if pc is None:
            raise OpError("invalid-state", "no peer connection %r (pc.create first)" % args.get("pc"))
        return pc

    def op_pc_create(self, args):
        pc = Peer([])
        pc.trickle = bool(args.get("trickle"))
        pc.remote_set = False
        pc.remote_candidates = 0
        pc.drained = 0
        pc.created = time.monotonic()
        pc.received = {}
        pc.want_media = []  # kinds of pc.add-media, given sources at the next offer or answer
        pc.source_mlines = set()  # m-lines a source of ours was put on while answering
        pc.rx = {"audio": media_counter(), "video": media_counter()}
        pc.webrtc.connect("on-data-channel", lambda w, ch: pc_track(pc, ch))
        pc.webrtc.connect("pad-added", lambda w, pad: receive_media(pc, pad))
        pc.start()
        self.peers.append(pc)
        self.sessions[pc.name] = pc
        return {"pc": pc.name, "trickle": pc.trickle}
        yield  # an op is a generator

    def op_dc_create(self, args):
        pc = self.session(args)
        opts = []
        if args.get("ordered") is not None:
            opts.append("ordered=(boolean)%s" % ("true" if args["ordered"] else "false"))
        if args.get("maxRetransmits") is not None:
            opts.append("max-retransmits=(int)%d" % int(args["maxRetransmits"]))
        options = Gst.Structure.from_string("options," + ",".join(opts))[0] if opts else None
        ch = pc.webrtc.emit("create-data-channel", args.get("label") or "rtcheck", options)
        if ch is None:
            raise OpError("internal", "create-data-channel returned nothing")
        pc.channels.append(ch)
        return channel_json(pc_track(pc, ch))
        yield

    def local_description(self, pc, kind):
        complete = None
        if not pc.trickle:
            complete = yield GatherWait(pc, GATHER_TIMEOUT_S)
        sdp = pc.local_sdp() if not pc.trickle else pc.webrtc.get_property("local-description").sdp.as_text()
        return {"type": kind, "sdp": sdp, "trickle": pc.trickle, "gatheringComplete": complete,
                "candidatesInSdp": sdp.count("a=candidate:")}

    def op_pc_offer(self, args):
        pc = self.session(args)
        # A later offer (RFC 9429 §5.2.2) renegotiates: webrtcbin keeps the m-lines, mids and
        # BUNDLE of the first and appends a section per source added since.
        for kind in pc.want_media:
            pc._add_source(None, kind, 96 if kind == "audio" else 97)
        if pc.want_media:
            # As an application negotiating on on-negotiation-needed would: once the payloaders'
            # caps (with their ssrc) reached webrtcbin, the offer carries a=ssrc; before, it has
            # no SSRC and no MID header extension, and werift cannot demultiplex our RTP.
            deadline = time.monotonic() + CAPS_TIMEOUT_S
            yield PollWait(lambda: time.monotonic() > deadline or all(
                b.get_static_pad("src").get_current_caps() is not None for b in pc.sources), CAPS_TIMEOUT_S + 1, None)
        pc.want_media = []
        yield from create_and_set_local(pc, "offer", "internal")
        return (yield from self.local_description(pc, "offer"))

    def op_pc_answer(self, args):
        pc = self.session(args)
        if not isinstance(args.get("sdp"), str):
            raise OpError("malformed", "args.sdp (a string) is required")
        if pc.remote_set and ice_ufrag(args["sdp"]) != ice_ufrag(pc.webrtc.get_property("remote-description").sdp.as_text()):
            # RFC 8445 §9: new ICE credentials restart ICE, which webrtcbin 1.22 cannot do (its
            # agent keeps the old ones and the data path stops); answered as not supported.
            raise OpError("unimplemented", "webrtcbin 1.22 has no ICE restart: it cannot answer an offer with new ICE credentials")
        msg = parse_sdp(args["sdp"], "offer")
        # Our sources go on the offered m-lines of their kind (as make_answer does), before
        # set-remote-description so that the answer says sendrecv. In a later offer (RFC 9429
        # §5.3.2) the m-lines negotiated before keep what they have.
        for mline, kind, pt in offered_sends(msg):
            if kind in pc.want_media and mline not in pc.source_mlines:
                pc._add_source(mline, kind, pt)
                pc.source_mlines.add(mline)
        pc.want_media = []
        desc = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.OFFER, msg)
        r = yield PromiseWait(lambda p: pc.webrtc.emit("set-remote-description", desc, p))
        e = reply_error(r, "set-remote-description")
        if e:
            raise OpError("rejected", e)
        pc.remote_set = True
        yield from create_and_set_local(pc, "answer", "rejected")
        return (yield from self.local_description(pc, "answer"))

    def op_pc_accept_answer(self, args):
        pc = self.session(args)
        if not isinstance(args.get("sdp"), str):
            raise OpError("malformed", "args.sdp (a string) is required")
        desc = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, parse_sdp(args["sdp"], "answer"))
        r = yield PromiseWait(lambda p: pc.webrtc.emit("set-remote-description", desc, p))
        e = reply_error(r, "set-remote-description")
        if e:
            raise OpError("rejected", e)
        pc.remote_set = True
        return {}

    def op_pc_candidates(self, args):
        pc = self.session(args)
        complete = yield GatherWait(pc, (args.get("timeoutMs") or GATHER_TIMEOUT_S * 1000) / 1000.0)
        mids = media_mids(pc.webrtc.get_property("local-description"))
        out = []
        for mline, cand in pc.candidates[pc.drained:]:
            if not cand:
                continue
            c = {"candidate": cand[2:] if cand.startswith("a=") else cand, "sdpMLineIndex": mline}
            if mline < len(mids) and mids[mline] is not None:
                c["sdpMid"] = mids[mline]
            out.append(c)
        pc.drained = len(pc.candidates)
        return {"candidates": out, "endOfCandidates": bool(complete)}

    def op_pc_add_candidate(self, args):
        pc = self.session(args)
        mids = media_mids(pc.webrtc.get_property("remote-description"))
        for c in args.get("candidates") or []:
            mline = c.get("sdpMLineIndex")
            if mline is None:
                mid = c.get("sdpMid")
                if mid not in mids:
                    raise OpError("rejected", "candidate %r names no m-line of the remote description" % c)
                mline = mids.index(mid)
            pc.webrtc.emit("add-ice-candidate", int(mline), c.get("candidate", ""))
            pc.remote_candidates += 1
        # webrtcbin 1.22 has no way to be told end-of-candidates: reported as not taken.
        return {"added": len(args.get("candidates") or []), "endOfCandidates": False}
        yield

    def op_pc_wait(self, args):
        pc = self.session(args)
        want = args.get("state") or "connected"

        def reached():
            state = pc.webrtc.get_property("connection-state").value_nick
            if state in ("failed", "closed") and want != state:  # final: say so at once
                raise OpError("failed", "%s %s while waiting for %s: %s" % (pc.name, state, want, stuck_in(pc)))
            return state == want

        ms = yield PollWait(reached, (args.get("timeoutMs") or 15000) / 1000.0,
                            lambda t: OpError("timeout", "%s not %s after %d ms; stuck in %s" % (pc.name, want, t, stuck_in(pc))))
        return {"state": want, "ms": ms, "sinceCreateMs": int((time.monotonic() - pc.created) * 1000),
                "iceConnectionState": pc.webrtc.get_property("ice-connection-state").value_nick}

    def op_dc_wait_open(self, args):
        pc = self.session(args)
        label = args.get("label") or "rtcheck"

        def is_open():
            rec = pc.received.get(label)
            return rec is not None and rec["channel"].get_property("ready-state") == GstWebRTC.WebRTCDataChannelState.OPEN

        ms = yield PollWait(is_open, (args.get("timeoutMs") or 15000) / 1000.0,
                            lambda t: OpError("timeout", "%s channel %s not open after %d ms; stuck in %s" % (pc.name, label, t, stuck_in(pc, label))))
        out = channel_json(pc.received[label])
        out.update({"ms": ms, "sinceCreateMs": int((time.monotonic() - pc.created) * 1000)})
        return out

    def op_dc_send(self, args):
        pc = self.session(args)
        rec = pc.received.get(args.get("label") or "rtcheck")
        if rec is None:
            raise OpError("invalid-state", "no data channel %r on %s" % (args.get("label"), pc.name))
        ch = rec["channel"]
        count, size, seed = args.get("count") or 0, args.get("messageSize") or 0, args.get("seed") or 0
        if count <= 0 or size < 4:
            raise OpError("invalid-args", "dc.send needs count > 0 and messageSize >= 4")
        timeout_s = (args.get("timeoutMs") or 15000) / 1000.0
        t0 = time.monotonic()
        digest = hashlib.sha256()
        for i in range(count):
            yield PollWait(lambda: ch.get_property("buffered-amount") <= HIGH_WATER, timeout_s,
                           lambda t: OpError("timeout", "sent %d of %d messages; bufferedAmount stays %d; stuck in %s"
                                             % (i, count, ch.get_property("buffered-amount"), stuck_in(pc, ch.get_property("label")))))
            m = message(i, size, seed)
            digest.update(m)
            ch.emit("send-data", GLib.Bytes.new(m))
        yield PollWait(lambda: ch.get_property("buffered-amount") == 0, timeout_s,
                       lambda t: OpError("timeout", "send buffer not drained (%d bytes left)" % ch.get_property("buffered-amount")))
        return {"messages": count, "bytes": count * size, "sha256": digest.hexdigest(),
                "ms": int((time.monotonic() - t0) * 1000)}

    def op_dc_receive_check(self, args):
        pc = self.session(args)
        label = args.get("label") or "rtcheck"
        want = args.get("bytes") or 0

        def arrived():
            rec = pc.received.get(label)
            return rec is not None and rec["bytes"] >= want

        def late(t):
            rec = pc.received.get(label) or {"bytes": 0, "messages": 0}
            return OpError("timeout", "%s received %d of %d bytes (%d messages) on %s in %d ms; stuck in %s"
                           % (pc.name, rec["bytes"], want, rec["messages"], label, t, stuck_in(pc, label)))

        ms = yield PollWait(arrived, (args.get("timeoutMs") or 15000) / 1000.0, late)
        rec = pc.received[label]
        with rec["lock"]:
            digest = hashlib.sha256()
            for i in sorted(rec["parts"]):
                digest.update(rec["parts"][i])
            return {"bytes": rec["bytes"], "messages": rec["messages"], "duplicates": rec["duplicates"],
                    "inOrder": rec["inOrder"], "sha256": digest.hexdigest(), "ms": ms}

    def op_pc_add_media(self, args):
        pc = self.session(args)
        kinds = [k for k in ("audio", "video") if args.get(k)]
        if not kinds:
            raise OpError("invalid-args", "pc.add-media needs audio or video true")
        # After the first negotiation the source goes in at the next pc.offer or pc.answer, which
        # renegotiates (RFC 9429 §5.2.2, §5.3.2).
        pc.want_media += [k for k in kinds if k not in pc.want_media]
        return {"mids": None, "audio": "audio" in kinds, "video": "video" in kinds}
        yield

    def op_media_check(self, args):
        pc = self.session(args)
        kind = args.get("kind")
        if kind not in ("audio", "video"):
            raise OpError("invalid-args", "media.check kind must be audio or video")
        want = args.get("minPackets") or 50
        timeout_s = (args.get("timeoutMs") or 15000) / 1000.0
        rx = pc.rx[kind]
        t0 = time.monotonic()

        def late(_t):
            step = "no track" if not rx["track"] else "no RTP" if rx["packets"] == 0 else "too few packets"
            return OpError("timeout", "%s received %d of %d %s RTP packets (%d malformed or of an unnegotiated payload type); stuck in %s %s"
                           % (pc.name, rx["packets"], want, kind, rx["malformed"], step, stuck_in(pc)))

        yield PollWait(lambda: rx["packets"] >= want, timeout_s, late)
        # Decoded: the counter grew between two reads at least DECODE_GAP_S apart.
        first = rx["decoded"]
        left = max(DECODE_GAP_S, timeout_s - (time.monotonic() - t0))
        started = time.monotonic()
        yield PollWait(lambda: time.monotonic() - started >= DECODE_GAP_S and rx["decoded"] > first, left,
                       lambda _t: OpError("timeout", "%s received %d %s RTP packets but decoded nothing new (counter %d); stuck in not decoding"
                                          % (pc.name, rx["packets"], kind, rx["decoded"])))
        return {"kind": kind, "packets": rx["packets"], "bytes": rx["bytes"], "ssrcs": sorted(rx["ssrcs"]),
                "payloadTypes": sorted(rx["pts"]), "decoded": True,
                "framesDecoded": rx["decoded"] if kind == "video" else None,
                "totalSamplesReceived": rx["decoded"] if kind == "audio" else None,
                "malformed": rx["malformed"], "ms": int((time.monotonic() - t0) * 1000)}

    def op_media_rtcp_check(self, args):
        """The peer's RTCP reached webrtcbin (RFC 3550 §6.4, RFC 8834 §4.1), from get-stats: a
        remote-inbound-rtp with a round-trip time (the peer's report block echoed webrtcbin's SR) and,
        with senderReports, a remote-outbound-rtp (the peer's own SR)."""
        pc = self.session(args)
        kind = args.get("kind")
        if kind not in ("audio", "video"):
            raise OpError("invalid-args", "media.rtcp-check kind must be audio or video")
        timeout_s = (args.get("timeoutMs") or 15000) / 1000.0
        t0 = time.monotonic()
        while True:
            r = yield PromiseWait(lambda p: pc.webrtc.emit("get-stats", None, p))
            found = rtcp_stats(r, kind)
            # webrtcbin reports 0 until a report block echoed one of its SRs (LSR != 0).
            rtt = next((x for x in found if x["type"] == "remote-inbound-rtp" and (x.get("round-trip-time") or 0) > 0), None)
            sr = next((x for x in found if x["type"] == "remote-outbound-rtp"), None)
            if rtt is not None and (sr is not None or not args.get("senderReports")):
                return {"kind": kind, "roundTripTime": rtt["round-trip-time"], "roundTripTimeMeasurements": None,
                        "remotePacketsLost": rtt.get("packets-lost"), "remoteJitter": rtt.get("jitter"),
                        "senderReports": None, "remotePacketsSent": sr.get("packets-sent") if sr else None,
                        "ms": int((time.monotonic() - t0) * 1000)}
            ms = int((time.monotonic() - t0) * 1000)
            if ms >= timeout_s * 1000:
                missing = ("no receiver report with a round-trip time about its %s RTP (remote-inbound-rtp)" % kind
                           if rtt is None else "no sender report about the peer's %s RTP (remote-outbound-rtp)" % kind)
                raise OpError("timeout", "%s: %s in %d ms; RTCP statistics seen: %s" % (pc.name, missing, ms, found or "none"))
            started = time.monotonic()
            yield PollWait(lambda: time.monotonic() - started >= 0.1, 1.0, lambda _t: None)

    def op_pc_restart_ice(self, args):
        self.session(args)
        raise OpError("unimplemented", "webrtcbin 1.22 has no ICE restart (create-offer takes no ice-restart option)")
        yield

    def op_pc_stats(self, args):
        pc = self.session(args)
        r = yield PromiseWait(lambda p: pc.webrtc.emit("get-stats", None, p))
        local = pc.webrtc.get_property("local-description")
        ufrag = None
        if local is not None:
            for line in local.sdp.as_text().splitlines():
                if line.startswith("a=ice-ufrag:"):
                    ufrag = line.split(":", 1)[1].strip()
                    break
        return {"localUfrag": ufrag, "selectedPair": None,
                "connectionState": pc.webrtc.get_property("connection-state").value_nick,
                "iceConnectionState": pc.webrtc.get_property("ice-connection-state").value_nick,
                "localCandidates": len(pc.candidates), "remoteCandidatesAdded": pc.remote_candidates,
                "channels": [dict(channel_json(rec), bytesReceived=rec["bytes"], messagesReceived=rec["messages"])
                             for rec in pc.received.values()],
                "stats": [{"gst": r.to_string() if r is not None else None}]}

    def op_pc_close(self, args):
        pc = self.session(args)
        del self.sessions[pc.name]
        pc.close()
        self.peers.remove(pc)
        return {}
        yield

    OPS = {
        "pc.create": op_pc_create,
        "dc.create": op_dc_create,
        "pc.offer": op_pc_offer,
        "pc.answer": op_pc_answer,
        "pc.accept-answer": op_pc_accept_answer,
        "pc.candidates": op_pc_candidates,
        "pc.add-candidate": op_pc_add_candidate,
        "pc.wait": op_pc_wait,
        "dc.wait-open": op_dc_wait_open,
        "dc.send": op_dc_send,
        "dc.receive-check": op_dc_receive_check,
        "pc.stats": op_pc_stats,
        "pc.close": op_pc_close,
        "pc.add-media": op_pc_add_media,
        "media.check": op_media_check,
        "media.rtcp-check": op_media_rtcp_check,
        "pc.restart-ice": op_pc_restart_ice,
        "jsep.offer": op_offer,
        "jsep.answer": op_answer,
        "jsep.accept-answer": op_accept_answer,
        "jsep.harvest": op_harvest,
    }

    # -- request plumbing (main loop) --

    def submit(self, req):
        self.queue.append(req)
        self._next()
        return False

    def _next(self):
        if self.busy or not self.queue:
            return
        req = self.queue.pop(0)
        rid, op, args = req.get("id"), req.get("op"), req.get("args") or {}
        if op == "describe":
            where = os.environ.get("RTCHECK_CONTAINER_IMAGE")
            version = "webrtcbin " + Gst.version_string().split()[-1] + (" in container " + where if where else "")
            reply({"id": rid, "ok": {"name": "gstreamer", "version": version,
                                     "capabilities": CAPABILITIES}})
            return self._next()
        if op == "__eof__":
            shutdown(0)
            return
        if op == "close":
            reply({"id": rid, "ok": {}})
            shutdown(0)
            return
        fn = self.OPS.get(op)
        if fn is None:
            reply({"id": rid, "error": {"kind": "unimplemented", "message": "gstreamer shim does not implement %s" % op}})
            return self._next()
        self.busy = True
        t0 = time.monotonic()

        def done(ok=None, error=None):
            ms = (time.monotonic() - t0) * 1000
            if error:
                reply({"id": rid, "error": error})
                log("%s id=%s error %s in %.0f ms: %s" % (op, rid, error["kind"], ms, error["message"]))
            else:
                reply({"id": rid, "ok": ok})
                log("%s id=%s ok in %.0f ms" % (op, rid, ms))
            self.busy = False
            GLib.idle_add(lambda: self._next() and False)

        Task(fn(self, args), done).step()

    def close_all(self):
        for pc in self.peers:
            try:
                pc.close()
            except Exception:  # noqa: BLE001
                pass
        self.peers = []


class Task:
    """Drives an op generator; every resume happens on the main loop."""

    def __init__(self, gen, done):
        self.gen, self.done = gen, done

    def step(self, value=None):
        try:
            wait = self.gen.throw(value) if isinstance(value, OpError) else self.gen.send(value)
        except StopIteration as stop:
            self.done(ok=stop.value)
        except OpError as e:
            self.done(error={"kind": e.kind, "message": str(e)})
        except Exception as e:  # noqa: BLE001
            log(traceback.format_exc())
            self.done(error={"kind": "internal", "message": "%s: %s" % (type(e).__name__, e)})
        else:
            wait.start(self._resume)
        return False

    def _resume(self, value):
        self.step(value)
        return False


# ---- process lifecycle --------------------------------------------------------------------

loop = None
shim = None
_exit_code = [0]


def shutdown(code):
    _exit_code[0] = code
    if shim is not None:
        shim.close_all()
    if loop is not None:
        loop.quit()


def reader():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
        except ValueError:
            log("not JSON, ignored: %s" % line[:200])
            continue
        if not isinstance(req, dict) or "id" not in req:
            log("no id, ignored: %s" % line[:200])
            continue
        GLib.idle_add(shim.submit, req)
    log("stdin closed")
    GLib.idle_add(shim.submit, {"id": None, "op": "__eof__"})  # after the queued requests


def main():
    global loop, shim
    Gst.init(None)
    missing = [e for e in ("webrtcbin", "opusenc", "rtpopuspay", "vp8enc", "rtpvp8pay", "nicesrc", "audiotestsrc", "videotestsrc")
               if Gst.ElementFactory.find(e) is None]
    if missing:
        log("missing GStreamer elements: %s" % ", ".join(missing))
    shim = Shim()
    loop = GLib.MainLoop()
    for sig, code in ((15, 143), (2, 130), (1, 129)):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, lambda c=code: shutdown(c) or False)
    threading.Thread(target=reader, name="stdin", daemon=True).start()
    log("GStreamer %s ready" % Gst.version_string())
    loop.run()
    sys.stderr.flush()
    os._exit(_exit_code[0])  # skip interpreter teardown (PyGObject finalisation noise)


if __name__ == "__main__":
    main()
