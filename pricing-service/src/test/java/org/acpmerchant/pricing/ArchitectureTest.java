package org.acpmerchant.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Source-level boundaries (no ArchUnit on this machine): domain and application code stay framework-light. */
class ArchitectureTest {

    static final Path MAIN = Path.of("src/main/java/org/acpmerchant/pricing");

    static List<Path> sources(String role) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.getParent().getFileName().toString().equals(role))
                    .toList();
        }
    }

    @Test
    void domainAndApplication_doNotDependOnSpringKafkaOrJdbc() throws IOException {
        for (String role : List.of("domain", "application", "api")) {
            assertThat(sources(role)).isNotEmpty().allSatisfy(file -> assertThat(Files.readString(file))
                    .as(file.toString())
                    .doesNotContain("import org.springframework.")
                    .doesNotContain("import org.apache.kafka.")
                    .doesNotContain("import java.sql.")
                    .doesNotContain("Instant.now()")
                    .doesNotContain("UUID.randomUUID()"));
        }
    }

    @Test
    void quoteDomain_isFreeOfFrameworks() throws IOException {
        assertThat(sources("domain")).filteredOn(f -> f.toString().contains("/quote/"))
                .allSatisfy(file -> assertThat(Files.readString(file)).doesNotContain("import org.axonframework."));
    }
}
