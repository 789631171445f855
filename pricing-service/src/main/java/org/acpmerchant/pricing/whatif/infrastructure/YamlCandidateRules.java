package org.acpmerchant.pricing.whatif.infrastructure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.PricingProperties;
import org.acpmerchant.pricing.whatif.application.CandidatePricing.CandidateRejected;
import org.acpmerchant.pricing.whatif.application.CandidateRules;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Candidate pricing as YAML (or JSON, which is YAML) in the shape of {@code acp.pricing} in {@code pricing-service.yml},
 * optionally under {@code acp.pricing}, bound by Spring Boot's own binder exactly as the service's configuration is.
 * A property the binder does not know (a typo) is refused, never ignored: an ignored {@code rate-pm} would silently
 * simulate a tax of zero.
 */
public final class YamlCandidateRules implements CandidateRules {

    private static final Set<String> SECTIONS = Set.of("tax", "shipping", "discounts");
    private static final String ROOT = "candidate";

    @Override
    public CandidateSections read(String yaml) {
        Properties flat = flatten(yaml);
        Map<String, Object> keys = new LinkedHashMap<>();
        boolean[] present = new boolean[3];
        // not stringPropertyNames(): YAML scalars stay numbers and booleans here, and it would skip those
        for (String name : flat.keySet().stream().map(String::valueOf).sorted().toList()) {
            String key = name.startsWith("acp.pricing.") ? name.substring("acp.pricing.".length()) : name;
            String section = key.split("[.\\[]", 2)[0];
            if (!SECTIONS.contains(section)) {
                throw new CandidateRejected("'" + name + "' is not part of a candidate: it may set tax, shipping and"
                        + " discounts (as under acp.pricing in pricing-service.yml).");
            }
            present[section.equals("tax") ? 0 : section.equals("shipping") ? 1 : 2] = true;
            Object raw = flat.get(name);
            String value = raw == null ? "" : String.valueOf(raw);
            if (!(key.equals(section) && value.isEmpty())) { // "discounts: []" flattens to "discounts="
                keys.put(ROOT + "." + key, value);
            }
        }
        PricingProperties bound;
        try {
            bound = new Binder(new MapConfigurationPropertySource(keys))
                    .bind(ROOT, Bindable.of(PricingProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
                    .orElseGet(() -> new PricingProperties(null, null, null, null, null, null, null, null));
        } catch (RuntimeException e) {
            throw new CandidateRejected(describe(e));
        }
        return new CandidateSections(present[0] ? bound.tax() : null, present[1] ? bound.shipping() : null,
                present[2] ? bound.discounts() : null);
    }

    @Override
    public String write(PricingProperties current) {
        ObjectMapper mapper = AxonJson.newObjectMapper().copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("tax", mapper.convertValue(current.tax(), Map.class));
        sections.put("shipping", mapper.convertValue(current.shipping(), Map.class));
        sections.put("discounts", mapper.convertValue(current.discounts(), java.util.List.class));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(sections);
    }

    private static Properties flatten(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new CandidateRejected("The candidate is empty: give tax, shipping or discounts rules.");
        }
        try {
            YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
            factory.setResources(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
            factory.afterPropertiesSet();
            Properties flat = factory.getObject();
            if (flat == null || flat.isEmpty()) {
                throw new CandidateRejected("The candidate sets nothing: give tax, shipping or discounts rules.");
            }
            return flat;
        } catch (CandidateRejected e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CandidateRejected("The candidate is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage();
            if (text != null && !text.isBlank()) {
                if (!message.isEmpty()) {
                    message.append(": ");
                }
                message.append(firstLine(text.replace(ROOT + ".", "")));
            }
        }
        return "The candidate cannot be read: " + (message.isEmpty() ? e.getClass().getSimpleName() : message);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replace('\n', ' ').replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
