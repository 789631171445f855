package org.acpmerchant.payment.payment.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code acp.payment.three-ds.*}: the merchant's acquirer details for 3DS, which checkout-api shows the agent in
 * {@code authentication_metadata.acquirer_details}. Configuration only; payment-service does not publish them.
 */
@ConfigurationProperties("acp.payment.three-ds")
public record ThreeDsProperties(
        String acquirerBin,
        String acquirerCountry,
        String acquirerMerchantId,
        String merchantName,
        String requestorId,
        String directoryServer) {}
