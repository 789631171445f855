package org.acpmerchant.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The shared rules fail on a violation (a fixture whose domain class uses JDBC) and pass on clean code. */
class ArchitectureRulesTest {

    static final String FIXTURE = "org.acpmerchant.platform.testing.archfixture";

    @Test
    void aDomainClassUsingJdbc_breaksTheRule() {
        var classes = new ClassFileImporter().importPackages(FIXTURE);
        assertThatThrownBy(() -> ArchitectureRules.domainFreeOfFrameworks(FIXTURE).check(classes))
                .isInstanceOf(AssertionError.class).hasMessageContaining("LeakyAggregate")
                .hasMessageContaining("JdbcTemplate");
    }

    @Test
    void aRootWithoutClasses_isAnErrorNotAPass() {
        assertThatThrownBy(() -> ArchitectureRules.check("org.acpmerchant.nothing.here"))
                .hasMessageContaining("no classes found");
        assertThat(ArchitectureRules.SERVICES).hasSize(4);
    }
}
