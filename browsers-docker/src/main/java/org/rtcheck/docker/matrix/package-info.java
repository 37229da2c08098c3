/**
 * The interop matrix under {@code rtcheck.env=docker} (browsers-docker/README.md): one {@link
 * org.rtcheck.docker.matrix.MatrixRun} network shared by the containers of a run, the {@link
 * org.rtcheck.docker.matrix.DockerBrowserPlacement} that gives the browser shim a browser in a
 * container instead of a host process, the {@link org.rtcheck.docker.matrix.NodeShimPlacement} that
 * runs the node stacks in containers, and the {@link org.rtcheck.docker.matrix.BridgeCapture} that
 * records a cell on the run network's bridge.
 */
package org.rtcheck.docker.matrix;
