package org.acpmerchant.deploy;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Every end-to-end class but the {@link OwnStack} ones, in one test JVM with one shared stack (ADR 0040): failsafe
 * hands each of its two JVMs one suite. A new end-to-end class lands here unless it is marked {@link OwnStack}.
 */
@Suite
@SelectPackages("org.acpmerchant.deploy")
@IncludeClassNamePatterns({".*E2E", ".*IT"})
@ExcludeTags(OwnStack.TAG)
class SharedStackSuite {}
