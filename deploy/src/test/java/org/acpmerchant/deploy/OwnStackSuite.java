package org.acpmerchant.deploy;

import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The {@link OwnStack} classes but those tagged {@link OwnStack#SECOND_JVM}, one after the other in a test JVM that
 * never starts the shared stack (ADR 0040, ADR 0043).
 */
@Suite
@SelectPackages("org.acpmerchant.deploy")
@IncludeClassNamePatterns({".*E2E", ".*IT"})
@IncludeTags(OwnStack.TAG)
@ExcludeTags(OwnStack.SECOND_JVM)
class OwnStackSuite {}
