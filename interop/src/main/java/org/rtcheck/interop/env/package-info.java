/**
 * Which environment a run uses ({@code rtcheck.env = auto | local | docker | grid}) and why: the
 * choice, its reason and the probe of the Docker engine that {@code auto} asks. The environments
 * themselves live elsewhere: {@code local} in {@code fixture} (host processes), {@code docker} and
 * {@code grid} in the browsers-docker module.
 */
package org.rtcheck.interop.env;
