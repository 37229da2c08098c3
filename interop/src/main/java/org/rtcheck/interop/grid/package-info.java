/**
 * What a Selenium Grid offers (the {@code grid} environment, {@code rtcheck.grid.url}): its nodes
 * and their free browser slots from the Grid's {@code /status}, read once when a run starts so that
 * a browser subject gets one instance per slot and its cells run in parallel across the nodes.
 */
package org.rtcheck.interop.grid;
