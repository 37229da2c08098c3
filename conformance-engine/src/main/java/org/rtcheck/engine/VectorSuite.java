package org.rtcheck.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an anchor class: a class that stands for one or more vector files so that tools which only
 * select classes (Maven Surefire, IDE "run class") run and count the vectors.
 *
 * <pre>{@code @VectorSuite("stun/rfc5769.json") class Rfc5769Test {}}</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VectorSuite {

  /** Vector files, relative to the {@code rtcheck/vectors/} classpath folder. */
  String[] value();
}
