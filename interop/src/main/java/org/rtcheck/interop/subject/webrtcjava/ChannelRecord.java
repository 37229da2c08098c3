package org.rtcheck.interop.subject.webrtcjava;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import org.rtcheck.interop.subject.IndexedMessages;

/** One data channel of the shim and what arrived on it, counted by message index. */
final class ChannelRecord implements RTCDataChannelObserver {

  final RTCDataChannel channel;
  final String label;
  final IndexedMessages tally = new IndexedMessages();

  ChannelRecord(RTCDataChannel channel) {
    this.channel = channel;
    this.label = channel.getLabel();
    channel.registerObserver(this);
  }

  @Override
  public void onBufferedAmountChange(long previous) {}

  @Override
  public void onStateChange() {}

  @Override
  public void onMessage(RTCDataChannelBuffer buffer) {
    byte[] b = new byte[buffer.data.remaining()];
    buffer.data.get(b);
    tally.add(b);
  }
}
