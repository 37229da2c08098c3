/**
 * WebRTC data channels (RFC 8831) and their establishment protocol DCEP (RFC 8832) on top of {@link
 * org.rtcheck.stack.sctp.SctpAssociation}, sans-IO.
 *
 * <ul>
 *   <li>{@link org.rtcheck.stack.datachannel.DcepCodec}: DATA_CHANNEL_OPEN / ACK with channel types
 *       ({@link org.rtcheck.stack.datachannel.ChannelType}), priority, label and protocol.
 *   <li>{@link org.rtcheck.stack.datachannel.DataChannelTransport}: in-band and negotiated
 *       channels, even/odd ids by DTLS role, PPIDs ({@link
 *       org.rtcheck.stack.datachannel.PayloadProtocol}), bufferedAmount with a low-threshold event,
 *       close by stream reset.
 * </ul>
 */
package org.rtcheck.stack.datachannel;
