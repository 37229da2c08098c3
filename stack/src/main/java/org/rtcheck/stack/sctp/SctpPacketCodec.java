package org.rtcheck.stack.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtcheck.stack.sctp.SctpChunk.Abort;
import org.rtcheck.stack.sctp.SctpChunk.CookieEcho;
import org.rtcheck.stack.sctp.SctpChunk.Data;
import org.rtcheck.stack.sctp.SctpChunk.ForwardTsn;
import org.rtcheck.stack.sctp.SctpChunk.GapBlock;
import org.rtcheck.stack.sctp.SctpChunk.Heartbeat;
import org.rtcheck.stack.sctp.SctpChunk.IData;
import org.rtcheck.stack.sctp.SctpChunk.Init;
import org.rtcheck.stack.sctp.SctpChunk.OperationError;
import org.rtcheck.stack.sctp.SctpChunk.ReConfig;
import org.rtcheck.stack.sctp.SctpChunk.Sack;
import org.rtcheck.stack.sctp.SctpChunk.Shutdown;
import org.rtcheck.stack.sctp.SctpChunk.ShutdownComplete;
import org.rtcheck.stack.sctp.SctpChunk.SkippedStream;
import org.rtcheck.stack.sctp.SctpDecodeException.Reason;
import org.rtcheck.stack.sctp.SctpParameter.HeartbeatInfo;
import org.rtcheck.stack.sctp.SctpParameter.IncomingSsnResetRequest;
import org.rtcheck.stack.sctp.SctpParameter.OutgoingSsnResetRequest;
import org.rtcheck.stack.sctp.SctpParameter.ReconfigurationResponse;
import org.rtcheck.stack.sctp.SctpParameter.StateCookie;
import org.rtcheck.stack.sctp.SctpParameter.SupportedExtensions;

/** Encodes and decodes SCTP packets (RFC 9260 §3) with the WebRTC chunk set. */
public final class SctpPacketCodec {

  static final int COMMON_HEADER = 12;
  static final int CHUNK_HEADER = 4;

  /** DATA header: chunk header + TSN, stream, SSN, PPID (RFC 9260 §3.3.1). */
  public static final int DATA_HEADER = 16;

  private SctpPacketCodec() {}

  // ---------------------------------------------------------------- encode

  /** Encodes the packet and stamps its CRC32c. */
  public static byte[] encode(SctpPacket packet) {
    int estimate = COMMON_HEADER;
    for (SctpChunk c : packet.chunks()) {
      // Exact for DATA, the bulk of traffic, so the buffer is allocated once.
      // Exact for PAD too, so a path MTU probe (RFC 8899 §6.2) is not copied while it grows.
      estimate +=
          c instanceof Data d
              ? (DATA_HEADER + d.payload().length + 3) & ~3
              : c instanceof SctpChunk.Pad p ? (CHUNK_HEADER + p.paddingLength() + 3) & ~3 : 64;
    }
    Writer w = new Writer(estimate);
    w.u16(packet.sourcePort());
    w.u16(packet.destinationPort());
    w.u32(packet.verificationTag());
    w.u32(0);
    for (SctpChunk c : packet.chunks()) {
      encodeChunk(w, c);
    }
    byte[] out = w.toByteArray();
    SctpChecksum.stamp(out, 0, out.length);
    return out;
  }

  /** Encodes one chunk (header, value, padding) as it would appear inside a packet. */
  public static byte[] encodeChunk(SctpChunk chunk) {
    Writer w = new Writer(64);
    encodeChunk(w, chunk);
    return w.toByteArray();
  }

  private static void encodeChunk(Writer w, SctpChunk c) {
    int start = w.size();
    w.u8(c.type());
    w.u8(flags(c));
    w.u16(0); // length, patched below
    if (c instanceof Data d) {
      w.u32(d.tsn());
      w.u16(d.streamId());
      w.u16(d.ssn());
      w.u32(d.ppid());
      w.bytes(d.payload());
    } else if (c instanceof IData d) {
      w.u32(d.tsn());
      w.u16(d.streamId());
      w.u16(0);
      w.u32(d.messageId());
      w.u32(d.ppidOrFsn());
      w.bytes(d.payload());
    } else if (c instanceof Init i) {
      w.u32(i.initiateTag());
      w.u32(i.advertisedReceiverWindow());
      w.u16(i.outboundStreams());
      w.u16(i.inboundStreams());
      w.u32(i.initialTsn());
      encodeParameters(w, i.parameters());
    } else if (c instanceof Sack s) {
      w.u32(s.cumulativeTsnAck());
      w.u32(s.advertisedReceiverWindow());
      w.u16(s.gapBlocks().size());
      w.u16(s.duplicateTsns().size());
      for (GapBlock g : s.gapBlocks()) {
        w.u16(g.start());
        w.u16(g.end());
      }
      for (long dup : s.duplicateTsns()) {
        w.u32(dup);
      }
    } else if (c instanceof Heartbeat h) {
      encodeParameters(w, h.parameters());
    } else if (c instanceof Abort a) {
      encodeCauses(w, a.causes());
    } else if (c instanceof OperationError e) {
      encodeCauses(w, e.causes());
    } else if (c instanceof Shutdown s) {
      w.u32(s.cumulativeTsnAck());
    } else if (c instanceof CookieEcho e) {
      w.bytes(e.cookie());
    } else if (c instanceof ForwardTsn f) {
      w.u32(f.newCumulativeTsn());
      for (SkippedStream s : f.streams()) {
        w.u16(s.streamId());
        w.u16(s.ssn());
      }
    } else if (c instanceof ReConfig r) {
      encodeParameters(w, r.parameters());
    } else if (c instanceof SctpChunk.Pad p) {
      w.zeros(p.paddingLength());
    } else if (c instanceof SctpChunk.Unknown u) {
      w.bytes(u.value());
    }
    // SHUTDOWN ACK, SHUTDOWN COMPLETE and COOKIE ACK have no value.
    w.patchU16(start + 2, w.size() - start);
    w.pad();
  }

  private static int flags(SctpChunk c) {
    if (c instanceof Data d) {
      return dataFlags(d.immediate(), d.unordered(), d.beginning(), d.ending());
    } else if (c instanceof IData d) {
      return dataFlags(d.immediate(), d.unordered(), d.beginning(), d.ending());
    } else if (c instanceof Abort a) {
      return a.tagReflected() ? 1 : 0;
    } else if (c instanceof ShutdownComplete s) {
      return s.tagReflected() ? 1 : 0;
    } else if (c instanceof SctpChunk.Unknown u) {
      return u.flags();
    }
    return 0;
  }

  // RFC 9260 §3.3.1: I(3) U(2) B(1) E(0).
  private static int dataFlags(boolean i, boolean u, boolean b, boolean e) {
    return (i ? 8 : 0) | (u ? 4 : 0) | (b ? 2 : 0) | (e ? 1 : 0);
  }

  private static void encodeParameters(Writer w, List<SctpParameter> parameters) {
    for (SctpParameter p : parameters) {
      int start = w.size();
      w.u16(p.type());
      w.u16(0);
      if (p instanceof HeartbeatInfo h) {
        w.bytes(h.info());
      } else if (p instanceof StateCookie sc) {
        w.bytes(sc.cookie());
      } else if (p instanceof SupportedExtensions se) {
        se.chunkTypes().forEach(w::u8);
      } else if (p instanceof OutgoingSsnResetRequest r) {
        w.u32(r.requestSequence());
        w.u32(r.responseSequence());
        w.u32(r.senderLastTsn());
        r.streams().forEach(w::u16);
      } else if (p instanceof IncomingSsnResetRequest r) {
        w.u32(r.requestSequence());
        r.streams().forEach(w::u16);
      } else if (p instanceof ReconfigurationResponse r) {
        w.u32(r.responseSequence());
        w.u32(r.result());
        if (r.senderNextTsn() >= 0) {
          w.u32(r.senderNextTsn());
          w.u32(r.receiverNextTsn());
        }
      } else if (p instanceof SctpParameter.Unknown u) {
        w.bytes(u.value());
      }
      // Forward-TSN-Supported has no value.
      w.patchU16(start + 2, w.size() - start);
      w.pad();
    }
  }

  private static void encodeCauses(Writer w, List<ErrorCause> causes) {
    for (ErrorCause c : causes) {
      int start = w.size();
      w.u16(c.code());
      w.u16(0);
      w.bytes(c.info());
      w.patchU16(start + 2, w.size() - start);
      w.pad();
    }
  }

  // ---------------------------------------------------------------- decode

  /** Decodes a whole packet, checking its CRC32c. */
  public static SctpPacket decode(byte[] packet) throws SctpDecodeException {
    return decode(packet, 0, packet.length, true);
  }

  /**
   * Decodes {@code len} bytes at {@code off}. Errors carry the chunk name and the offset relative
   * to {@code off}.
   */
  public static SctpPacket decode(byte[] buf, int off, int len, boolean verifyChecksum)
      throws SctpDecodeException {
    if (len < COMMON_HEADER) {
      throw new SctpDecodeException(
          Reason.TRUNCATED, "header", 0, len + " bytes, the common header needs 12");
    }
    Reader r = new Reader(buf, off, len);
    if (verifyChecksum) {
      int want = SctpChecksum.compute(buf, off, len);
      int got = SctpChecksum.read(buf, off);
      if (want != got) {
        throw new SctpDecodeException(
            Reason.BAD_CHECKSUM,
            "header",
            SctpChecksum.OFFSET,
            String.format(
                "carries %08x, computed %08x",
                Integer.reverseBytes(got), Integer.reverseBytes(want)));
      }
    }
    int src = r.u16(0);
    int dst = r.u16(2);
    long tag = r.u32(4);
    List<SctpChunk> chunks = new ArrayList<>();
    int pos = COMMON_HEADER;
    while (pos < len) {
      if (len - pos < CHUNK_HEADER) {
        throw new SctpDecodeException(
            Reason.TRUNCATED, "chunk", pos, (len - pos) + " bytes left, a chunk header needs 4");
      }
      int type = r.u8(pos);
      String name = SctpChunk.name(type);
      int flags = r.u8(pos + 1);
      int length = r.u16(pos + 2);
      if (length < CHUNK_HEADER) {
        throw new SctpDecodeException(
            Reason.BAD_LENGTH, name, pos + 2, "length " + length + " is below 4");
      }
      if (pos + length > len) {
        throw new SctpDecodeException(
            Reason.BAD_LENGTH,
            name,
            pos + 2,
            "length " + length + " runs past the packet end (" + (len - pos) + " bytes left)");
      }
      chunks.add(decodeChunk(r, type, name, flags, pos, length));
      // RFC 9260 §3.2: chunks are padded to 4 bytes; the last padding may be missing.
      pos += (length + 3) & ~3;
    }
    return new SctpPacket(src, dst, tag, chunks);
  }

  private static SctpChunk decodeChunk(Reader r, int type, String name, int flags, int pos, int len)
      throws SctpDecodeException {
    int v = pos + CHUNK_HEADER;
    int end = pos + len;
    return switch (type) {
      case SctpChunk.DATA -> {
        need(name, pos, len, DATA_HEADER + 1, "a DATA chunk carries at least one byte (§3.3.1)");
        yield new Data(
            (flags & 8) != 0,
            (flags & 4) != 0,
            (flags & 2) != 0,
            (flags & 1) != 0,
            r.u32(v),
            r.u16(v + 4),
            r.u16(v + 6),
            r.u32(v + 8),
            r.slice(v + 12, end));
      }
      case SctpChunk.I_DATA -> {
        need(name, pos, len, 21, "an I-DATA chunk carries at least one byte (RFC 8260 §2.1)");
        yield new IData(
            (flags & 8) != 0,
            (flags & 4) != 0,
            (flags & 2) != 0,
            (flags & 1) != 0,
            r.u32(v),
            r.u16(v + 4),
            r.u32(v + 8),
            r.u32(v + 12),
            r.slice(v + 16, end));
      }
      case SctpChunk.INIT, SctpChunk.INIT_ACK -> {
        need(name, pos, len, 20, "INIT and INIT ACK have 16 bytes of fixed fields");
        long itag = r.u32(v);
        if (itag == 0) {
          throw new SctpDecodeException(
              Reason.MALFORMED, name, v, "initiate tag is 0 (RFC 9260 §3.3.2)");
        }
        int os = r.u16(v + 8);
        int mis = r.u16(v + 10);
        if (os == 0 || mis == 0) {
          throw new SctpDecodeException(
              Reason.MALFORMED,
              name,
              os == 0 ? v + 8 : v + 10,
              "zero outbound or inbound streams (RFC 9260 §3.3.2)");
        }
        yield new Init(
            type == SctpChunk.INIT_ACK,
            itag,
            r.u32(v + 4),
            os,
            mis,
            r.u32(v + 12),
            decodeParameters(r, name, v + 16, end));
      }
      case SctpChunk.SACK -> {
        need(name, pos, len, 16, "SACK has 12 bytes of fixed fields");
        int gaps = r.u16(v + 8);
        int dups = r.u16(v + 10);
        int want = 16 + 4 * gaps + 4 * dups;
        if (len != want) {
          throw new SctpDecodeException(
              Reason.BAD_LENGTH,
              name,
              pos + 2,
              "length "
                  + len
                  + " but "
                  + gaps
                  + " gap blocks and "
                  + dups
                  + " duplicates need "
                  + want);
        }
        List<GapBlock> blocks = new ArrayList<>(gaps);
        int p = v + 12;
        for (int i = 0; i < gaps; i++, p += 4) {
          blocks.add(new GapBlock(r.u16(p), r.u16(p + 2)));
        }
        List<Long> dupList = new ArrayList<>(dups);
        for (int i = 0; i < dups; i++, p += 4) {
          dupList.add(r.u32(p));
        }
        yield new Sack(r.u32(v), r.u32(v + 4), blocks, dupList);
      }
      case SctpChunk.HEARTBEAT, SctpChunk.HEARTBEAT_ACK -> {
        List<SctpParameter> ps = decodeParameters(r, name, v, end);
        if (ps.isEmpty() || !(ps.get(0) instanceof HeartbeatInfo)) {
          throw new SctpDecodeException(
              Reason.MALFORMED, name, v, "no Heartbeat Info parameter (RFC 9260 §3.3.5)");
        }
        yield new Heartbeat(type == SctpChunk.HEARTBEAT_ACK, ps);
      }
      case SctpChunk.ABORT -> new Abort((flags & 1) != 0, decodeCauses(r, name, v, end));
      case SctpChunk.ERROR -> new OperationError(decodeCauses(r, name, v, end));
      case SctpChunk.SHUTDOWN -> {
        exact(name, pos, len, 8);
        yield new Shutdown(r.u32(v));
      }
      case SctpChunk.SHUTDOWN_ACK -> {
        exact(name, pos, len, 4);
        yield new SctpChunk.ShutdownAck();
      }
      case SctpChunk.SHUTDOWN_COMPLETE -> {
        exact(name, pos, len, 4);
        yield new ShutdownComplete((flags & 1) != 0);
      }
      case SctpChunk.COOKIE_ECHO -> new CookieEcho(r.slice(v, end));
      case SctpChunk.COOKIE_ACK -> {
        exact(name, pos, len, 4);
        yield new SctpChunk.CookieAck();
      }
      case SctpChunk.FORWARD_TSN -> {
        need(name, pos, len, 8, "FORWARD TSN carries a new cumulative TSN (RFC 3758 §3.2)");
        if ((len - 8) % 4 != 0) {
          throw new SctpDecodeException(
              Reason.BAD_LENGTH, name, pos + 2, "length " + len + " is not 8 + 4n");
        }
        List<SkippedStream> streams = new ArrayList<>();
        for (int p = v + 4; p < end; p += 4) {
          streams.add(new SkippedStream(r.u16(p), r.u16(p + 2)));
        }
        yield new ForwardTsn(r.u32(v), streams);
      }
      case SctpChunk.RE_CONFIG -> {
        List<SctpParameter> ps = decodeParameters(r, name, v, end);
        if (ps.isEmpty() || ps.size() > 2) {
          throw new SctpDecodeException(
              Reason.MALFORMED,
              name,
              v,
              ps.size() + " parameters; RE-CONFIG carries one or two (RFC 6525 §3.1)");
        }
        yield new ReConfig(ps);
      }
      // RFC 4820 §3: the padding data is ignored, only its length is kept.
      case SctpChunk.PAD -> new SctpChunk.Pad(len - CHUNK_HEADER);
      default -> new SctpChunk.Unknown(type, flags, r.slice(v, end));
    };
  }

  private static List<SctpParameter> decodeParameters(Reader r, String chunk, int pos, int end)
      throws SctpDecodeException {
    List<SctpParameter> out = new ArrayList<>();
    while (pos < end) {
      if (end - pos < 4) {
        throw new SctpDecodeException(
            Reason.BAD_LENGTH, chunk, pos, (end - pos) + " bytes left, a parameter needs 4");
      }
      int type = r.u16(pos);
      int len = r.u16(pos + 2);
      if (len < 4 || pos + len > end) {
        throw new SctpDecodeException(
            Reason.BAD_LENGTH,
            chunk,
            pos + 2,
            "parameter " + type + " length " + len + " does not fit (" + (end - pos) + " left)");
      }
      int v = pos + 4;
      int pend = pos + len;
      out.add(
          switch (type) {
            case SctpParameter.HEARTBEAT_INFO -> new HeartbeatInfo(r.slice(v, pend));
            case SctpParameter.STATE_COOKIE -> new StateCookie(r.slice(v, pend));
            case SctpParameter.FORWARD_TSN_SUPPORTED -> new SctpParameter.ForwardTsnSupported();
            case SctpParameter.SUPPORTED_EXTENSIONS -> {
              List<Integer> types = new ArrayList<>();
              for (int p = v; p < pend; p++) {
                types.add(r.u8(p));
              }
              yield new SupportedExtensions(types);
            }
            case SctpParameter.OUTGOING_SSN_RESET_REQUEST -> {
              paramLength(chunk, "Outgoing SSN Reset Request", pos, len, 16);
              yield new OutgoingSsnResetRequest(
                  r.u32(v), r.u32(v + 4), r.u32(v + 8), streams(r, v + 12, pend));
            }
            case SctpParameter.INCOMING_SSN_RESET_REQUEST -> {
              paramLength(chunk, "Incoming SSN Reset Request", pos, len, 8);
              yield new IncomingSsnResetRequest(r.u32(v), streams(r, v + 4, pend));
            }
            case SctpParameter.RECONFIGURATION_RESPONSE -> {
              if (len != 12 && len != 20) {
                throw new SctpDecodeException(
                    Reason.BAD_LENGTH,
                    chunk,
                    pos + 2,
                    "Re-configuration Response length "
                        + len
                        + ", must be 12 or 20 (RFC 6525 §4.4)");
              }
              yield len == 12
                  ? new ReconfigurationResponse(r.u32(v), r.u32(v + 4))
                  : new ReconfigurationResponse(
                      r.u32(v), r.u32(v + 4), r.u32(v + 8), r.u32(v + 12));
            }
            default -> new SctpParameter.Unknown(type, r.slice(v, pend));
          });
      pos += (len + 3) & ~3;
    }
    return out;
  }

  private static List<Integer> streams(Reader r, int from, int end) throws SctpDecodeException {
    if ((end - from) % 2 != 0) {
      throw new SctpDecodeException(
          Reason.BAD_LENGTH, "RE-CONFIG", from, "odd number of stream-number bytes");
    }
    List<Integer> s = new ArrayList<>();
    for (int p = from; p < end; p += 2) {
      s.add(r.u16(p));
    }
    return s;
  }

  private static List<ErrorCause> decodeCauses(Reader r, String chunk, int pos, int end)
      throws SctpDecodeException {
    List<ErrorCause> out = new ArrayList<>();
    while (pos < end) {
      if (end - pos < 4) {
        throw new SctpDecodeException(
            Reason.BAD_LENGTH, chunk, pos, (end - pos) + " bytes left, an error cause needs 4");
      }
      int code = r.u16(pos);
      int len = r.u16(pos + 2);
      if (len < 4 || pos + len > end) {
        throw new SctpDecodeException(
            Reason.BAD_LENGTH, chunk, pos + 2, "error cause " + code + " length " + len);
      }
      out.add(new ErrorCause(code, r.slice(pos + 4, pos + len)));
      pos += (len + 3) & ~3;
    }
    return out;
  }

  private static void need(String name, int pos, int len, int min, String why)
      throws SctpDecodeException {
    if (len < min) {
      throw new SctpDecodeException(
          Reason.BAD_LENGTH, name, pos + 2, "length " + len + " is below " + min + ": " + why);
    }
  }

  private static void exact(String name, int pos, int len, int want) throws SctpDecodeException {
    if (len != want) {
      throw new SctpDecodeException(
          Reason.BAD_LENGTH, name, pos + 2, "length " + len + ", must be " + want);
    }
  }

  private static void paramLength(String chunk, String param, int pos, int len, int min)
      throws SctpDecodeException {
    if (len < min) {
      throw new SctpDecodeException(
          Reason.BAD_LENGTH, chunk, pos + 2, param + " length " + len + " is below " + min);
    }
  }

  /** Big-endian reads relative to the packet start. */
  private record Reader(byte[] buf, int base, int len) {
    int u8(int p) {
      return buf[base + p] & 0xff;
    }

    int u16(int p) {
      return (u8(p) << 8) | u8(p + 1);
    }

    long u32(int p) {
      return ((long) u16(p) << 16) | u16(p + 2);
    }

    byte[] slice(int from, int to) {
      return Arrays.copyOfRange(buf, base + from, base + to);
    }
  }

  /** A growable big-endian writer (unsynchronized, unlike ByteArrayOutputStream). */
  private static final class Writer {
    private byte[] buf;
    private int count;

    Writer(int size) {
      buf = new byte[size];
    }

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }

    int size() {
      return count;
    }

    void u8(int v) {
      ensure(1);
      buf[count++] = (byte) v;
    }

    void u16(int v) {
      ensure(2);
      buf[count++] = (byte) (v >>> 8);
      buf[count++] = (byte) v;
    }

    void u32(long v) {
      ensure(4);
      buf[count++] = (byte) (v >>> 24);
      buf[count++] = (byte) (v >>> 16);
      buf[count++] = (byte) (v >>> 8);
      buf[count++] = (byte) v;
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, count, b.length);
      count += b.length;
    }

    void zeros(int n) {
      ensure(n);
      Arrays.fill(buf, count, count + n, (byte) 0);
      count += n;
    }

    void patchU16(int at, int v) {
      buf[at] = (byte) (v >>> 8);
      buf[at + 1] = (byte) v;
    }

    void pad() {
      while ((count & 3) != 0) {
        u8(0);
      }
    }

    byte[] toByteArray() {
      return count == buf.length ? buf : Arrays.copyOf(buf, count);
    }
  }
}
