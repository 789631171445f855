package org.acpmerchant.deploy;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/** The {@link OwnStack} classes, one after the other in a test JVM that never starts the shared stack (ADR 0040). */
@Suite
@SelectPackages("org.acpmerchant.deploy")
@IncludeClassNamePatterns({".*E2E", ".*IT"})
@IncludeTags(OwnStack.TAG)
class OwnStackSuite {}
