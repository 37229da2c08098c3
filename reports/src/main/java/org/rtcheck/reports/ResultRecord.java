package org.rtcheck.reports;

import java.util.Map;

/**
 * One test result as the reports need it.
 *
 * @param labels Allure labels (epic, feature, story, suite, subject, …), one value per name
 */
public record ResultRecord(
    String name, TestOutcome outcome, String message, Map<String, String> labels) {

  public String label(String name) {
    return labels.getOrDefault(name, "");
  }
}
