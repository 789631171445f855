package org.acpmerchant.platform.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * The boundaries every service keeps, checked on its compiled classes (each service's {@code BoundariesTest} calls
 * {@link #check}; {@code docs/service-conventions.md} says where each role lives): its domain depends on no framework
 * but Axon's annotations and on nothing of ours but its feature's own {@code api} and the shared events; {@code web}
 * and {@code infrastructure} packages are leaves (only the composition root, {@code @Configuration} classes and the
 * service's root package, wires them); no two packages depend on each other, however indirectly; and no service
 * depends on another service's code (they share only {@code shared-events} and {@code service-platform}).
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

    /**
     * A feature's domain ({@code <root>.<feature>.domain}) depends, of our code, only on itself, its feature's
     * {@code api} and the shared events: the ports it calls are its own interfaces, implemented outside.
     */
    public static ArchRule domainDependsOnlyOnItsFeature(String root) {
        return classes().that().resideInAPackage(root + "..domain..").should(new ArchCondition<JavaClass>(
                "depend, of our code, only on their feature's domain and api and on the shared events") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String pkg = c.getPackageName();
                String feature = pkg.substring(0, pkg.indexOf(".domain"));
                c.getDirectDependenciesFromSelf().forEach(d -> {
                    String target = d.getTargetClass().getPackageName();
                    if (target.startsWith("org.acpmerchant.") && !target.startsWith(feature + ".domain")
                            && !target.startsWith(feature + ".api") && !target.startsWith("org.acpmerchant.events")) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                });
            }
        });
    }

    /**
     * {@code web} and {@code infrastructure} are leaves: what the application needs from outside is a port (an
     * interface in {@code application} or {@code domain}); only the composition root refers to the adapters.
     */
    public static ArchRule adaptersAreLeaves(String root, String adapter) {
        return noClasses().that().resideOutsideOfPackage(".." + adapter + "..")
                .and().resideOutsideOfPackage(root)
                .and().areNotAnnotatedWith("org.springframework.context.annotation.Configuration")
                .should().dependOnClassesThat().resideInAPackage(root + ".." + adapter + "..")
                .because(adapter + " is an adapter: the application reaches it through a port");
    }

    /** No cycle between the service's packages, however long. */
    public static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /**
     * One place per role ({@code docs/service-conventions.md}): controllers in {@code web}, Kafka listeners in
     * {@code infrastructure}, Spring configuration at the service's root or in a feature's {@code infrastructure}.
     */
    public static List<ArchRule> placements(String root) {
        return List.of(
                classes().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                        .should().resideInAPackage(root + "..web..").because("controllers are web adapters"),
                methods().that().areAnnotatedWith("org.springframework.kafka.annotation.KafkaListener")
                        .should().beDeclaredInClassesThat().resideInAPackage(root + "..infrastructure..")
                        .because("a Kafka listener is an adapter, like the outbox relay"),
                classes().that().areAnnotatedWith("org.springframework.context.annotation.Configuration")
                        .should().resideInAnyPackage(root, root + "..infrastructure..")
                        .because("configuration is the composition root"));
    }

    /** Checks every rule on the service's main classes. */
    public static void check(String root) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no classes found under " + root);
        }
        domainFreeOfFrameworks(root).check(classes);
        domainDependsOnlyOnItsFeature(root).check(classes);
        adaptersAreLeaves(root, "web").check(classes);
        adaptersAreLeaves(root, "infrastructure").check(classes);
        noPackageCycles(root).check(classes);
        noOtherService(root).check(classes);
        placements(root).forEach(rule -> rule.check(classes));
    }
}
