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
 * classes in a test JVM of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(OwnStack.TAG)
@ExtendWith(SharedStack.Stopped.class)
@interface OwnStack {
    String TAG = "own-stack";
}
