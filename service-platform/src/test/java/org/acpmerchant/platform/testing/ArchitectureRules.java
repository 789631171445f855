package org.acpmerchant.platform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The boundaries every service keeps, checked on its compiled classes (each service's {@code ArchitectureTest} calls
 * {@link #check}): its domain depends on no framework but Axon's annotations, and no service depends on another
 * service's code (they share only {@code shared-events} and {@code service-platform}).
 */
public final class ArchitectureRules {

    /** The four services' root packages. */
    public static final List<String> SERVICES = List.of("org.acpmerchant.checkout", "org.acpmerchant.pricing",
            "org.acpmerchant.payment", "org.acpmerchant.orders");

    private ArchitectureRules() {}

    /** The service's domain packages use no web, JSON, JDBC, Kafka or Spring classes. */
    public static ArchRule domainFreeOfFrameworks(String root) {
        return noClasses().that().resideInAPackage(root + "..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.fasterxml.jackson..",
                        "tools.jackson..", "java.sql..", "javax.sql..", "org.apache.kafka..", "jakarta.servlet..",
                        "com.stripe..")
                .because("the domain is plain Java with Axon's annotations (docs/architecture.md)");
    }

    /** No class of the service refers to another service's classes. */
    public static ArchRule noOtherService(String root) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(root)).map(s -> s + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only shared-events and service-platform");
    }

    /** Checks every rule on the service's main classes. */
    public static void check(String root) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes found under " + root);
        }
        domainFreeOfFrameworks(root).check(classes);
        noOtherService(root).check(classes);
    }
}
