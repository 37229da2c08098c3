/**
 * RTP and RTCP packet structure (RFC 3550), header extensions (RFC 8285) and the validity checks a
 * receiver applies before trusting a packet (RFC 3550 §5.1, Appendix A.1 and A.2). Views over byte
 * arrays: parsing copies nothing but the extension elements.
 */
package org.rtcheck.stack.rtp;
