package org.acpmerchant.platform.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * With the {@code prod} profile, every setting a merchant must provide is required: each service lists them in its
 * own configuration ({@code acp.platform.required-settings}, names of environment variables or properties), and the
 * service stops at start, before it touches a database or a broker, with one line naming every one that is missing
 * or blank ({@link ProductionSettingsFailureAnalyzer}). Outside {@code prod} (the local stack, the tests) the demo
 * defaults apply as before; inside it, the services' {@code prod} documents replace those defaults with the bare
 * variables, so no demo value (a localhost permalink, the demo catalog, a demo Stripe account) can reach production.
 */
public class ProductionSettings implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "prod";
    public static final String REQUIRED = "acp.platform.required-settings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.matchesProfiles(PROFILE)) {
            return;
        }
        List<String> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(environment.getProperty("spring.application.name", "service"), missing);
        }
    }

    static List<String> missing(ConfigurableEnvironment environment) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; ; i++) {
            String name = environment.getProperty(REQUIRED + "[" + i + "]");
            if (name == null) {
                break;
            }
            String value;
            try {
                value = environment.getProperty(name);
            } catch (IllegalArgumentException unresolvable) {
                value = null;
            }
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        }
        return missing;
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    /** The settings a production start lacks. */
    public static final class MissingSettingsException extends IllegalStateException {
        private final String service;
        private final List<String> names;

        MissingSettingsException(String service, List<String> names) {
            super(service + " cannot start in production without: " + String.join(", ", names));
            this.service = service;
            this.names = List.copyOf(names);
        }

        public String service() {
            return service;
        }

        public List<String> names() {
            return names;
        }
    }
}
