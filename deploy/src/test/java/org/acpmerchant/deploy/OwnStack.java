package org.acpmerchant.deploy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end class that does not use the shared stack: it starts a stack of its own (killed services, restarts,
 * its own log capture) or the packaged jar. The shared stack is stopped first, and {@link OwnStackSuite} runs these
 * classes in a test JVM of their own; those also tagged {@link #SECOND_JVM} run in a third test JVM instead
 * ({@link OwnStackSecondSuite}), so that the three JVMs finish at about the same time (ADR 0043).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(OwnStack.TAG)
@ExtendWith(SharedStack.Stopped.class)
@interface OwnStack {
    String TAG = "own-stack";

    /** With {@code @Tag(OwnStack.SECOND_JVM)}, the class runs in {@link OwnStackSecondSuite}. */
    String SECOND_JVM = "own-stack-second-jvm";
}
