#!/usr/bin/python3
"""A usrsctp peer for the SCTP interop check: GStreamer's sctpenc/sctpdec (which embed usrsctp)
exchanging raw SCTP packets over UDP on loopback, RFC 8261 without the DTLS layer.

Usage: /usr/bin/python3 usrsctp_peer.py LISTEN_PORT PEER_PORT SEND_COUNT SEND_SIZE SECONDS

It sends SEND_COUNT messages of SEND_SIZE bytes on stream 2 with PPID 53 (ordered, reliable),
prints one line per received message, "RECV <stream> <length> <sha256>" (the PPID is not
visible through the Python bindings), and "SENT <n>"
once its messages are handed to usrsctp; it exits after SECONDS. Lines go to stdout, flushed.
The first line is "READY" once the pipeline plays, or "MISSING <element>" (exit 3).
"""
import hashlib
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402


_SAY = threading.Lock()


def say(line):
    # GStreamer's streaming threads and the main loop both report: one whole line at a time
    # (print writes the text and the newline separately, so two threads could interleave).
    with _SAY:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def main():
    listen, peer, count, size, seconds = (int(a) for a in sys.argv[1:6])
    Gst.init(None)
    for name in ("sctpenc", "sctpdec", "udpsrc", "udpsink", "appsrc", "appsink"):
        if Gst.ElementFactory.find(name) is None:
            say("MISSING " + name)
            sys.exit(3)
    pipeline = Gst.Pipeline.new("usrsctp-peer")
    udpsrc = Gst.ElementFactory.make("udpsrc")
    udpsrc.set_property("address", "127.0.0.1")
    udpsrc.set_property("port", listen)
    udpsrc.set_property("caps", Gst.Caps.from_string("application/x-sctp"))
    dec = Gst.ElementFactory.make("sctpdec")
    dec.set_property("sctp-association-id", 77)
    dec.set_property("local-sctp-port", 5000)
    enc = Gst.ElementFactory.make("sctpenc")
    enc.set_property("sctp-association-id", 77)
    enc.set_property("remote-sctp-port", 5000)
    udpsink = Gst.ElementFactory.make("udpsink")
    udpsink.set_property("host", "127.0.0.1")
    udpsink.set_property("port", peer)
    udpsink.set_property("sync", False)
    udpsink.set_property("async", False)
    appsrc = Gst.ElementFactory.make("appsrc")
    appsrc.set_property("is-live", True)
    appsrc.set_property("format", Gst.Format.BYTES)
    for e in (udpsrc, dec, enc, udpsink):
        pipeline.add(e)
    udpsrc.link(dec)
    enc.link(udpsink)
    appsrc.set_property("caps", Gst.Caps.from_string(
        "application/data, ppid=(uint)53, ordered=(boolean)true"))

    def start_sending():
        # sctpenc hands out sink pads only once its association is up.
        pad = enc.request_pad_simple("sink_2")
        if pad is None:
            say("ERROR no sctpenc sink pad")
            loop.quit()
            return False
        pipeline.add(appsrc)
        appsrc.get_static_pad("src").link(pad)
        appsrc.sync_state_with_parent()
        threading.Thread(target=feed, daemon=True).start()
        return False

    def on_established(_enc, up):
        say("ESTABLISHED" if up else "DISCONNECTED")
        if up:
            GLib.idle_add(start_sending)

    enc.connect("sctp-association-established", on_established)

    def on_pad(_dec, srcpad):
        stream = int(srcpad.get_name().split("_")[-1])
        sink = Gst.ElementFactory.make("appsink")
        sink.set_property("emit-signals", True)
        sink.set_property("sync", False)

        def on_sample(s):
            sample = s.emit("pull-sample")
            buf = sample.get_buffer()
            data = buf.extract_dup(0, buf.get_size())
            total[0] += len(data)
            digest.update(data)
            say("RECV %d %d %s" % (stream, len(data), hashlib.sha256(data).hexdigest()))
            say("TOTAL %d %s" % (total[0], digest.copy().hexdigest()))
            return Gst.FlowReturn.OK

        sink.connect("new-sample", on_sample)
        pipeline.add(sink)
        sink.sync_state_with_parent()
        srcpad.link(sink.get_static_pad("sink"))

    total = [0]
    digest = hashlib.sha256()
    dec.connect("pad-added", on_pad)
    loop = GLib.MainLoop()

    def on_message(_bus, msg):
        if msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            say("ERROR %s %s" % (err.message, dbg))
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    say("READY")

    def feed():
        for i in range(count):
            data = bytes([(i + j) & 0xFF for j in range(size)])
            say("SEND %d %s" % (len(data), hashlib.sha256(data).hexdigest()))
            appsrc.emit("push-buffer", Gst.Buffer.new_wrapped(data))
        say("SENT %d" % count)

    GLib.timeout_add_seconds(seconds, loop.quit)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    say("EXIT")


if __name__ == "__main__":
    main()
