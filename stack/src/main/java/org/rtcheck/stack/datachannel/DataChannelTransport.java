package org.rtcheck.stack.datachannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.rtcheck.stack.sctp.SctpAssociation;
import org.rtcheck.stack.sctp.SctpEvent;
import org.rtcheck.stack.sctp.SctpSendException;
import org.rtcheck.stack.sctp.SendOptions;

/**
 * WebRTC data channels (RFC 8831) with in-band DCEP (RFC 8832) over one {@link SctpAssociation},
 * sans-IO like the association: its datagrams, timeouts and deadline pass straight through; the
 * events are data channel events.
 */
public final class DataChannelTransport {

  private final SctpAssociation sctp;
  private final boolean dtlsClient;
  private final TreeMap<Integer, DataChannel> channels = new TreeMap<>();
  private final ArrayDeque<DataChannelEvent> events = new ArrayDeque<>();
  private boolean connected;
  private boolean closed;

  /**
   * @param dtlsClient whether this side is the DTLS client, which opens channels on even stream ids
   *     (RFC 8832 §6)
   */
  public DataChannelTransport(SctpAssociation sctp, boolean dtlsClient) {
    this.sctp = sctp;
    this.dtlsClient = dtlsClient;
  }

  public SctpAssociation association() {
    return sctp;
  }

  /** Starts SCTP; both sides may call this, the association resolves the INIT collision. */
  public void connect(long now) {
    sctp.connect(now);
    drain(now);
  }

  public void handlePacket(byte[] datagram, long now) {
    sctp.handlePacket(datagram, now);
    drain(now);
  }

  public void handleTimeout(long now) {
    sctp.handleTimeout(now);
    drain(now);
  }

  public byte[] pollTransmit() {
    return sctp.pollTransmit();
  }

  public OptionalLong pollTimeout() {
    return sctp.pollTimeout();
  }

  public DataChannelEvent pollEvent() {
    return events.poll();
  }

  public List<DataChannel> channels() {
    return List.copyOf(channels.values());
  }

  /**
   * Creates a channel. In-band channels take the next free id of this side's parity and send
   * DATA_CHANNEL_OPEN; negotiated ones use the agreed id and send nothing (RFC 8832 §6).
   */
  public DataChannel createDataChannel(String label, DataChannelInit init, long now)
      throws DataChannelException {
    if (closed) {
      throw new DataChannelException(DataChannelException.Reason.NOT_OPEN, "transport closed");
    }
    int id;
    if (init.negotiated()) {
      id = init.id();
      if (channels.containsKey(id) || id >= sctp.outboundStreams()) {
        throw new DataChannelException(
            DataChannelException.Reason.ID_IN_USE,
            "stream " + id + " is taken or not below " + sctp.outboundStreams());
      }
    } else {
      id = freeId();
    }
    ChannelType type =
        ChannelType.of(init.ordered(), init.maxRetransmits(), init.maxPacketLifeTime());
    long reliability =
        init.maxRetransmits() >= 0 ? init.maxRetransmits() : Math.max(0, init.maxPacketLifeTime());
    DataChannel ch =
        new DataChannel(
            this,
            id,
            label,
            init.protocol(),
            type,
            reliability,
            init.priority(),
            init.negotiated());
    channels.put(id, ch);
    if (!init.negotiated()) {
      byte[] open =
          DcepCodec.encode(
              new DcepMessage.Open(type, init.priority(), reliability, label, init.protocol()));
      try {
        sctp.send(id, PayloadProtocol.DCEP, open, SendOptions.RELIABLE, now);
      } catch (SctpSendException e) {
        channels.remove(id);
        throw new DataChannelException(DataChannelException.Reason.NOT_OPEN, e.getMessage());
      }
    }
    if (connected) {
      open(ch);
    }
    drain(now);
    return ch;
  }

  private int freeId() throws DataChannelException {
    for (int id = dtlsClient ? 0 : 1; id < sctp.outboundStreams(); id += 2) {
      if (!channels.containsKey(id)) {
        return id;
      }
    }
    throw new DataChannelException(
        DataChannelException.Reason.NO_FREE_STREAM,
        "all "
            + (dtlsClient ? "even" : "odd")
            + " ids below "
            + sctp.outboundStreams()
            + " in use");
  }

  long bufferedAmount(DataChannel ch) {
    return sctp.bufferedAmount(ch.id());
  }

  void send(DataChannel ch, String text, long now) throws DataChannelException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    // RFC 8831 §6.6: an empty message is one zero byte with its own PPID.
    sendRaw(
        ch,
        b.length == 0 ? new byte[1] : b,
        b.length == 0 ? PayloadProtocol.STRING_EMPTY : PayloadProtocol.STRING,
        now);
  }

  void send(DataChannel ch, byte[] data, long now) throws DataChannelException {
    sendRaw(
        ch,
        data.length == 0 ? new byte[1] : data,
        data.length == 0 ? PayloadProtocol.BINARY_EMPTY : PayloadProtocol.BINARY,
        now);
  }

  private void sendRaw(DataChannel ch, byte[] data, long ppid, long now)
      throws DataChannelException {
    if (ch.state != DataChannel.State.OPEN && ch.state != DataChannel.State.CONNECTING) {
      throw new DataChannelException(DataChannelException.Reason.NOT_OPEN, ch + " is " + ch.state);
    }
    // RFC 8832 §6: until the ACK arrives, an in-band channel sends ordered.
    boolean unordered = ch.type().unordered() && (ch.ackReceived || ch.negotiated());
    SendOptions o = new SendOptions(unordered, ch.maxRetransmits(), ch.maxPacketLifeTime());
    try {
      sctp.send(ch.id(), ppid, data, o, now);
    } catch (SctpSendException e) {
      throw new DataChannelException(
          e.reason() == SctpSendException.Reason.MESSAGE_TOO_LARGE
              ? DataChannelException.Reason.MESSAGE_TOO_LARGE
              : DataChannelException.Reason.NOT_OPEN,
          e.getMessage());
    }
    ch.lastBufferedAmount = Math.max(ch.lastBufferedAmount, sctp.bufferedAmount(ch.id()));
    drain(now);
  }

  void close(DataChannel ch, long now) {
    if (ch.state == DataChannel.State.CLOSING || ch.state == DataChannel.State.CLOSED) {
      return;
    }
    ch.state = DataChannel.State.CLOSING;
    sctp.resetStreams(List.of(ch.id()), now);
    drain(now);
  }

  /** Moves association events into data channel events and checks buffered-amount thresholds. */
  private void drain(long now) {
    SctpEvent e;
    while ((e = sctp.pollEvent()) != null) {
      if (e instanceof SctpEvent.Connected) {
        connected = true;
        for (DataChannel ch : channels.values()) {
          open(ch);
        }
      } else if (e instanceof SctpEvent.Message m) {
        onMessage(m, now);
      } else if (e instanceof SctpEvent.IncomingStreamsReset r) {
        for (int sid : r.streams()) {
          DataChannel ch = channels.get(sid);
          if (ch != null) {
            ch.incomingReset = true;
            if (ch.state != DataChannel.State.CLOSING) {
              // RFC 8831 §6.7: the peer closed; reset our side too.
              ch.state = DataChannel.State.CLOSING;
              sctp.resetStreams(List.of(sid), now);
            }
            maybeClosed(ch);
          }
        }
      } else if (e instanceof SctpEvent.OutgoingStreamsReset r) {
        for (int sid : r.streams()) {
          DataChannel ch = channels.get(sid);
          if (ch != null) {
            ch.outgoingReset = true;
            maybeClosed(ch);
          }
        }
      } else if (e instanceof SctpEvent.Closed) {
        transportClosed("SCTP shutdown");
      } else if (e instanceof SctpEvent.Aborted a) {
        transportClosed("SCTP abort: " + a.reason());
      }
    }
    for (DataChannel ch : channels.values()) {
      long now2 = sctp.bufferedAmount(ch.id());
      if (ch.lastBufferedAmount > ch.bufferedAmountLowThreshold
          && now2 <= ch.bufferedAmountLowThreshold) {
        events.add(new DataChannelEvent.BufferedAmountLow(ch));
      }
      ch.lastBufferedAmount = now2;
    }
  }

  private void open(DataChannel ch) {
    if (ch.state == DataChannel.State.CONNECTING) {
      ch.state = DataChannel.State.OPEN;
      events.add(new DataChannelEvent.Open(ch));
    }
  }

  private void maybeClosed(DataChannel ch) {
    if (ch.incomingReset && ch.outgoingReset && ch.state != DataChannel.State.CLOSED) {
      ch.state = DataChannel.State.CLOSED;
      channels.remove(ch.id());
      events.add(new DataChannelEvent.Closed(ch));
    }
  }

  private void transportClosed(String why) {
    closed = true;
    for (DataChannel ch : channels.values()) {
      ch.state = DataChannel.State.CLOSED;
      events.add(new DataChannelEvent.Closed(ch));
    }
    channels.clear();
    events.add(new DataChannelEvent.TransportClosed(why));
  }

  private void onMessage(SctpEvent.Message m, long now) {
    int ppid = (int) m.ppid();
    DataChannel ch = channels.get(m.streamId());
    if (m.ppid() == PayloadProtocol.DCEP) {
      onDcep(m, ch, now);
      return;
    }
    if (ch == null) {
      error(
          DataChannelException.Reason.UNKNOWN_STREAM,
          "data on stream " + m.streamId() + " with no channel");
      return;
    }
    switch (ppid) {
      case (int) PayloadProtocol.STRING ->
          events.add(
              new DataChannelEvent.TextMessage(ch, new String(m.data(), StandardCharsets.UTF_8)));
      case (int) PayloadProtocol.STRING_EMPTY ->
          events.add(new DataChannelEvent.TextMessage(ch, ""));
      case (int) PayloadProtocol.BINARY ->
          events.add(new DataChannelEvent.BinaryMessage(ch, m.data()));
      case (int) PayloadProtocol.BINARY_EMPTY ->
          events.add(new DataChannelEvent.BinaryMessage(ch, new byte[0]));
      case (int) PayloadProtocol.BINARY_PARTIAL, (int) PayloadProtocol.STRING_PARTIAL ->
          error(
              DataChannelException.Reason.UNSUPPORTED_PPID,
              "deprecated partial-message PPID "
                  + ppid
                  + " on stream "
                  + m.streamId()
                  + " (RFC 8831 §6.6)");
      default ->
          error(
              DataChannelException.Reason.UNSUPPORTED_PPID,
              "PPID " + m.ppid() + " on stream " + m.streamId());
    }
  }

  private void onDcep(SctpEvent.Message m, DataChannel ch, long now) {
    DcepMessage msg;
    try {
      msg = DcepCodec.decode(m.data());
    } catch (DcepDecodeException e) {
      error(DataChannelException.Reason.BAD_DCEP, "stream " + m.streamId() + ": " + e.getMessage());
      return;
    }
    if (msg instanceof DcepMessage.Ack) {
      if (ch != null) {
        ch.ackReceived = true;
      }
      return;
    }
    DcepMessage.Open open = (DcepMessage.Open) msg;
    if (ch != null) {
      error(
          DataChannelException.Reason.ID_IN_USE,
          "DATA_CHANNEL_OPEN on stream " + m.streamId() + " already in use");
      return;
    }
    DataChannel incoming =
        new DataChannel(
            this,
            m.streamId(),
            open.label(),
            open.protocol(),
            open.channelType(),
            open.reliabilityParameter(),
            open.priority(),
            false);
    incoming.ackReceived = true;
    channels.put(incoming.id(), incoming);
    try {
      sctp.send(
          incoming.id(),
          PayloadProtocol.DCEP,
          DcepCodec.encode(new DcepMessage.Ack()),
          SendOptions.RELIABLE,
          now);
    } catch (SctpSendException e) {
      error(DataChannelException.Reason.NOT_OPEN, "cannot acknowledge: " + e.getMessage());
      return;
    }
    events.add(new DataChannelEvent.IncomingChannel(incoming));
    open(incoming);
  }

  private void error(DataChannelException.Reason reason, String message) {
    events.add(new DataChannelEvent.ProtocolError(new DataChannelException(reason, message)));
  }
}
