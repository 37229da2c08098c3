package org.rtcheck.reports;

import java.util.List;
import java.util.Map;

/**
 * One test result as the reports need it.
 *
 * @param labels Allure labels (epic, feature, story, suite, subject, …), one value per name
 * @param attachments the evidence files the test attached, in order
 * @param durationMs how long the test ran (Allure start to stop), 0 when unknown
 */
public record ResultRecord(
    String name,
    TestOutcome outcome,
    String message,
    Map<String, String> labels,
    List<Attachment> attachments,
    long durationMs) {

  public ResultRecord(
      String name, TestOutcome outcome, String message, Map<String, String> labels) {
    this(name, outcome, message, labels, List.of(), 0);
  }

  public String label(String name) {
    return labels.getOrDefault(name, "");
  }

  /**
   * One attached file of the allure-results folder.
   *
   * @param name what the test called it ({@code timing.txt}, {@code chromium.log})
   * @param source its file name in the allure-results folder
   */
  public record Attachment(String name, String source, String type) {}
}
