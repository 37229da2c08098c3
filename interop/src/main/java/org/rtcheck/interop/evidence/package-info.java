/**
 * Evidence the interop harness records around a test: {@link
 * org.rtcheck.interop.evidence.LoopbackCapture} captures a cell's loopback traffic and the engine
 * attaches it when the cell fails.
 */
package org.rtcheck.interop.evidence;
