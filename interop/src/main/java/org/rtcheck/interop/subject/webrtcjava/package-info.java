/**
 * webrtc-java (libwebrtc over JNI, {@code dev.onvoid.webrtc}) as an interop subject. It runs as a
 * child JVM speaking the shim protocol (interop/shims/README.md), so a native crash ends that
 * process and fails its cells, not the test run; {@link
 * org.rtcheck.interop.subject.webrtcjava.WebrtcJavaSubjectProvider} offers it when the native
 * library loads here.
 */
package org.rtcheck.interop.subject.webrtcjava;
