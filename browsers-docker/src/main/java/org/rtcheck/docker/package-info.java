/**
 * The {@code docker} and {@code grid} environments: fixtures and browsers as containers built from
 * this module's Dockerfiles (all {@code FROM debian:bookworm}) through Testcontainers, and browsers
 * from a Selenium Grid. {@code run} owns what a run creates, {@code image} builds the images,
 * {@code coturn}, {@code nat}, {@code shim} and {@code browser} are the containers, {@code
 * webdriver} and {@code bidi} drive a browser page.
 */
package org.rtcheck.docker;
