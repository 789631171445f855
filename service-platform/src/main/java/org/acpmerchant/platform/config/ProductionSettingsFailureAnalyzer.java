package org.acpmerchant.platform.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The one clear line a production start without its settings ends with, instead of a stack trace. */
public class ProductionSettingsFailureAnalyzer
        extends AbstractFailureAnalyzer<ProductionSettings.MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, ProductionSettings.MissingSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + String.join(", ", cause.names()) + " (environment variables or properties; see the service's "
                        + "README and deploy/README.md), or run without the 'prod' profile for a local demo.",
                cause);
    }
}
