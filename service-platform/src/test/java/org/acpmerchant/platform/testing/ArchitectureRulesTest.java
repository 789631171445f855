package org.acpmerchant.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The shared rules fail on violations planted in fixtures (JDBC in a domain, a domain calling the application, the
 * application reaching into web, a cycle) and let the composition root wire adapters. */
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
    void aDomainClassCallingTheApplication_breaksTheFeatureRule() {
        var classes = new ClassFileImporter().importPackages(FIXTURE);
        assertThatThrownBy(() -> ArchitectureRules.domainDependsOnlyOnItsFeature(FIXTURE).check(classes))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Basket.size")
                .hasMessageContaining("BasketService");
    }

    @Test
    void theApplicationReachingIntoWeb_breaksTheLeafRule_butTheCompositionRootMay() {
        var classes = new ClassFileImporter().importPackages(FIXTURE);
        assertThatThrownBy(() -> ArchitectureRules.adaptersAreLeaves(FIXTURE, "web").check(classes))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BasketService.count")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ShopConfiguration"));
        ArchitectureRules.adaptersAreLeaves(FIXTURE, "infrastructure").check(classes);
    }

    @Test
    void twoPackagesUsingEachOther_areACycle() {
        var classes = new ClassFileImporter().importPackages(FIXTURE);
        assertThatThrownBy(() -> ArchitectureRules.noPackageCycles(FIXTURE).check(classes))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected")
                .hasMessageContaining("shop.application").hasMessageContaining("shop.web");
    }

    @Test
    void aRootWithoutClasses_isAnErrorNotAPass() {
        assertThatThrownBy(() -> ArchitectureRules.check("org.acpmerchant.nothing.here"))
                .hasMessageContaining("no classes found");
        assertThat(ArchitectureRules.SERVICES).hasSize(4);
    }
}
