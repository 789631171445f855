package org.acpmerchant.checkout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code acp.checkout.*}: the agents allowed to call the gateway, timeouts, and what the merchant advertises in each
 * session (payment handler, links, 3DS acquirer details). {@code publicBaseUrl} is the gateway's address as agents
 * see it (for discovery); unset, the gateway's local address (never the request's {@code Host} header). {@code requiredInterventions} (3ds, biometric) with
 * {@code interventionEnforcement} ({@code always}, {@code conditional} — the default — or {@code optional}): under
 * {@code always} a session whose agent cannot perform a required intervention is not payable
 * ({@code intervention_required}). {@code marketingConsentOptions} are the channels offered to buyers.
 */
@ConfigurationProperties("acp.checkout")
public record CheckoutProperties(
        List<Agent> agents,
        Duration sessionTtl,
        Duration completeWait,
        Duration completionTimeout,
        Duration authenticationTimeout,
        Duration quoteTimeout,
        Duration idempotencyRetention,
        Integer maxBodyBytes,
        String defaultCurrency,
        List<String> sellerInterventions,
        PaymentHandler paymentHandler,
        Map<String, String> links,
        ThreeDs threeDs,
        String publicBaseUrl,
        List<String> requiredInterventions,
        String interventionEnforcement,
        List<ConsentOption> marketingConsentOptions) {

    @ConstructorBinding
    public CheckoutProperties {
        requiredInterventions = requiredInterventions == null ? List.of() : List.copyOf(requiredInterventions);
        interventionEnforcement = interventionEnforcement == null ? "conditional" : interventionEnforcement;
        if (!List.of("always", "conditional", "optional").contains(interventionEnforcement)) {
            throw new IllegalArgumentException("acp.checkout.intervention-enforcement must be always, conditional "
                    + "or optional, not " + interventionEnforcement);
        }
        marketingConsentOptions = marketingConsentOptions == null ? List.of() : List.copyOf(marketingConsentOptions);
        agents = agents == null ? List.of() : List.copyOf(agents);
        sessionTtl = sessionTtl == null ? Duration.ofMinutes(30) : sessionTtl;
        completeWait = completeWait == null ? Duration.ofSeconds(8) : completeWait;
        completionTimeout = completionTimeout == null ? Duration.ofMinutes(2) : completionTimeout;
        authenticationTimeout = authenticationTimeout == null ? Duration.ofMinutes(10) : authenticationTimeout;
        quoteTimeout = quoteTimeout == null ? Duration.ofSeconds(5) : quoteTimeout;
        idempotencyRetention = idempotencyRetention == null ? Duration.ofHours(24) : idempotencyRetention;
        maxBodyBytes = maxBodyBytes == null ? 64 * 1024 : maxBodyBytes;
        defaultCurrency = defaultCurrency == null ? "usd" : defaultCurrency;
        sellerInterventions = sellerInterventions == null ? List.of("3ds") : List.copyOf(sellerInterventions);
        paymentHandler = paymentHandler == null ? new PaymentHandler(null, null, null, null, null) : paymentHandler;
        links = links == null ? Map.of() : Map.copyOf(links);
        threeDs = threeDs == null ? new ThreeDs(null, null, null, null, null) : threeDs;
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl;
    }

    public CheckoutProperties(List<Agent> agents, Duration sessionTtl, Duration completeWait, Duration completionTimeout,
            Duration authenticationTimeout, Duration quoteTimeout, Duration idempotencyRetention, Integer maxBodyBytes,
            String defaultCurrency, List<String> sellerInterventions, PaymentHandler paymentHandler,
            Map<String, String> links, ThreeDs threeDs, String publicBaseUrl) {
        this(agents, sessionTtl, completeWait, completionTimeout, authenticationTimeout, quoteTimeout,
                idempotencyRetention, maxBodyBytes, defaultCurrency, sellerInterventions, paymentHandler, links, threeDs,
                publicBaseUrl, null, null, null);
    }

    /** Without a public base URL (the gateway's local address). */
    public CheckoutProperties(List<Agent> agents, Duration sessionTtl, Duration completeWait, Duration completionTimeout,
            Duration authenticationTimeout, Duration quoteTimeout, Duration idempotencyRetention, Integer maxBodyBytes,
            String defaultCurrency, List<String> sellerInterventions, PaymentHandler paymentHandler,
            Map<String, String> links, ThreeDs threeDs) {
        this(agents, sessionTtl, completeWait, completionTimeout, authenticationTimeout, quoteTimeout,
                idempotencyRetention, maxBodyBytes, defaultCurrency, sellerInterventions, paymentHandler, links, threeDs,
                null);
    }

    /**
     * An agent platform, the SHA-256 (hex) of each bearer token it may use (several allow rotation), and whether its
     * requests must carry a verified {@code Signature} (off when {@code signature} is absent).
     */
    public record Agent(String id, List<String> tokenSha256, Signing signature) {
        public Agent {
            tokenSha256 = tokenSha256 == null ? List.of() : List.copyOf(tokenSha256);
        }
    }

    /** A marketing channel offered to buyers (ACP {@code MarketingConsentOption}, without the buyer's state). */
    public record ConsentOption(String channel, String displayText, String privacyPolicyUrl) {}

    /** Request signing for one agent: {@code ed25519}, {@code es256} or {@code hmac-sha256}, its base64 key, skew. */
    public record Signing(boolean required, String algorithm, String key, Duration maxSkew) {}

    /** The card handler offered in {@code capabilities.payment.handlers} (dev.acp.tokenized.card via Stripe). */
    public record PaymentHandler(
            String id, String merchantId, String displayName, List<String> acceptedBrands, Boolean supports3ds) {
        public PaymentHandler {
            id = id == null ? "card_tokenized" : id;
            merchantId = merchantId == null ? "acct_local_merchant" : merchantId;
            displayName = displayName == null ? "Credit Card" : displayName;
            acceptedBrands = acceptedBrands == null ? List.of("visa", "mastercard", "amex", "discover") : List.copyOf(acceptedBrands);
            supports3ds = supports3ds == null || supports3ds;
        }

        /** The handler's ACP descriptor: what it is, not how this merchant configured it. */
        public static final String NAME = "dev.acp.tokenized.card";
        public static final String VERSION = "2026-01-22";
        public static final String SPEC = "https://acp.dev/handlers/tokenized.card";
        public static final String CONFIG_SCHEMA = "https://acp.dev/schemas/handlers/tokenized.card/config.json";
        public static final String INSTRUMENT_SCHEMA = "https://acp.dev/schemas/handlers/tokenized.card/instrument.json";
        /** The PSP behind it: payment-service charges through Stripe. */
        public static final String PSP = "stripe";
    }

    /** Acquirer details shown to the agent in {@code authentication_metadata} when 3DS is required. */
    public record ThreeDs(
            String acquirerBin, String acquirerCountry, String acquirerMerchantId, String merchantName,
            String directoryServer) {
        public ThreeDs {
            acquirerBin = acquirerBin == null ? "424242" : acquirerBin;
            acquirerCountry = acquirerCountry == null ? "US" : acquirerCountry;
            acquirerMerchantId = acquirerMerchantId == null ? "local-merchant" : acquirerMerchantId;
            merchantName = merchantName == null ? "ACP Demo Merchant" : merchantName;
            directoryServer = directoryServer == null ? "visa" : directoryServer;
        }
    }
}
