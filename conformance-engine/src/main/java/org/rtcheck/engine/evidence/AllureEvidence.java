package org.rtcheck.engine.evidence;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Parameter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a test's evidence into the Allure result of the test running on this thread. Does nothing
 * when no Allure listener is active (for example in a plain console launcher run), so the engine
 * never depends on a report being written.
 */
public final class AllureEvidence {

  private AllureEvidence() {}

  private static boolean active() {
    try {
      return Allure.getLifecycle().getCurrentTestCase().isPresent();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  public static void label(String name, String value) {
    if (active()) {
      Allure.getLifecycle()
          .updateTestCase(r -> r.getLabels().add(new Label().setName(name).setValue(value)));
    }
  }

  public static void name(String name) {
    if (active()) {
      Allure.getLifecycle().updateTestCase(r -> r.setName(name));
    }
  }

  public static void description(String markdown) {
    if (active()) {
      Allure.getLifecycle().updateTestCase(r -> r.setDescription(markdown));
    }
  }

  public static void link(String name, String url) {
    if (active()) {
      Allure.getLifecycle()
          .updateTestCase(
              r -> r.getLinks().add(new Link().setName(name).setUrl(url).setType("rfc")));
    }
  }

  public static void parameter(String name, String value) {
    if (active()) {
      Allure.getLifecycle()
          .updateTestCase(
              r -> r.getParameters().add(new Parameter().setName(name).setValue(value)));
    }
  }

  public static void text(String name, String mediaType, String extension, String content) {
    attach(name, mediaType, extension, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void attach(String name, String mediaType, String extension, byte[] content) {
    if (active()) {
      AllureLifecycle lifecycle = Allure.getLifecycle();
      lifecycle.addAttachment(name, mediaType, extension, new ByteArrayInputStream(content));
    }
  }
}
