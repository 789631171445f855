package org.acpmerchant.payment.payment.infrastructure;

import org.acpmerchant.payment.payment.domain.DeclineReasons;
import org.acpmerchant.payment.StripeProperties;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.model.StripeSearchResult;
import com.stripe.net.ApiResource;
import com.stripe.net.RawRequestOptions;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.acpmerchant.events.checkout.AuthenticationOutcome;
import org.acpmerchant.payment.payment.domain.PaymentGateway;
import org.acpmerchant.payment.payment.domain.PaymentProviderUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PaymentGateway} on Stripe PaymentIntents with manual capture, charging a shared payment granted token.
 * Idempotency key per step: {@code <paymentId>:authorize}, {@code :authenticate:<attemptId>}, {@code :capture},
 * {@code :void}, {@code :refund:<refundId>}. Connection errors, timeouts, 429, 409 and 5xx are retried with the same
 * key and exponential backoff until the deadline, so an outcome lost in a timeout is recovered from Stripe's idempotent
 * replay, never by a second charge. If the outcome is still unknown at the deadline, it is looked up before answering:
 * the PaymentIntent by search on {@code metadata['payment_id']} (authorize) or by id (later steps), the refund in the
 * PaymentIntent's refunds by {@code metadata[refund_id]}. Logs carry payment ids, Stripe codes and request ids, never
 * the token or Stripe's messages.
 */
public class StripePaymentGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripePaymentGateway.class);
    private static final String TOKEN_PARAM = "shared_payment_granted_token";

    private final StripeClient stripe;
    private final StripeProperties props;
    private final MeterRegistry meters;
    private final Clock clock;

    private final Tracer tracer;

    public StripePaymentGateway(StripeClient stripe, StripeProperties props, MeterRegistry meters, Clock clock) {
        this(stripe, props, meters, clock, Tracer.NOOP);
    }

    public StripePaymentGateway(StripeClient stripe, StripeProperties props, MeterRegistry meters, Clock clock,
            Tracer tracer) {
        this.tracer = tracer;
        this.stripe = stripe;
        this.props = props;
        this.meters = meters;
        this.clock = clock;
        log.info("Stripe gateway: {}, stripe-java API version {}", props, com.stripe.Stripe.API_VERSION);
    }

    @Override
    public AuthorizationResult authorize(AuthorizationRequest request) {
        Call<JsonObject> token = call("granted_token", request.paymentId(), () -> grantedToken(request.credentialToken()));
        if (token.failed()) {
            return token.error() != null && token.error().getStatusCode() != null && token.error().getStatusCode() == 404
                    ? declined("credential_invalid")
                    : new AuthorizationResult.Failed(token.reason());
        }
        AuthorizationResult.Declined violation = allowanceViolation(token.value(), request);
        if (violation != null) {
            log.info("Payment {} declined before charging: {}", request.paymentId(), violation.code());
            return violation;
        }
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(request.amountMinor())
                .setCurrency(request.currency())
                .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                .setConfirm(true)
                .putMetadata("payment_id", request.paymentId())
                .putMetadata("checkout_session_id", request.sessionId())
                .putMetadata("attempt_id", request.attemptId());
        putToken(params, request.credentialToken());
        if (request.authentication() != null) {
            params.putExtraParam("payment_method_options", threeDSecure(request.authentication()));
        }
        PaymentIntentCreateParams built = params.build();
        Call<PaymentIntent> created = call("authorize", request.paymentId(),
                () -> stripe.paymentIntents().create(built, options(request.paymentId() + ":authorize")));
        return authorization(created.unknown() ? searchByPaymentId(request.paymentId(), created) : created);
    }

    /** The outcome of a create lost in timeouts: the PaymentIntent carrying our payment id, if Stripe made one. */
    private Call<PaymentIntent> searchByPaymentId(String paymentId, Call<PaymentIntent> unknown) {
        PaymentIntentSearchParams params = PaymentIntentSearchParams.builder()
                .setQuery("metadata['payment_id']:'" + paymentId.replace("'", "\\'") + "'")
                .build();
        Call<StripeSearchResult<PaymentIntent>> found = call("search", paymentId,
                () -> stripe.paymentIntents().search(params, readOptions()));
        if (found.failed() || found.value().getData() == null || found.value().getData().isEmpty()) {
            log.warn("Payment {}: outcome unknown and no PaymentIntent found by search", paymentId);
            return unknown;
        }
        log.info("Payment {}: outcome unknown at the deadline, resolved by search", paymentId);
        return new Call<>(found.value().getData().get(0), null, false);
    }

    /** The outcome of a later step lost in timeouts: the PaymentIntent as Stripe holds it now. */
    private Call<PaymentIntent> retrieve(String paymentId, String providerReference, Call<PaymentIntent> call) {
        if (!call.unknown()) {
            return call;
        }
        Call<PaymentIntent> found = call("retrieve", paymentId,
                () -> stripe.paymentIntents().retrieve(providerReference, readOptions()));
        return found.failed() ? call : found;
    }

    @Override
    public AuthorizationResult completeAuthentication(
            String paymentId, String attemptId, String providerReference, AuthenticationOutcome authentication) {
        PaymentIntentConfirmParams params = PaymentIntentConfirmParams.builder()
                .putExtraParam("payment_method_options", threeDSecure(authentication))
                .build();
        String key = paymentId + ":authenticate:" + attemptId;
        return authorization(retrieve(paymentId, providerReference, call("authenticate", paymentId,
                () -> stripe.paymentIntents().confirm(providerReference, params, options(key)))));
    }

    @Override
    public OperationResult capture(String paymentId, String providerReference, long amountMinor) {
        PaymentIntentCaptureParams params =
                PaymentIntentCaptureParams.builder().setAmountToCapture(amountMinor).build();
        return operation(retrieve(paymentId, providerReference, call("capture", paymentId,
                () -> stripe.paymentIntents().capture(providerReference, params, options(paymentId + ":capture")))),
                "succeeded");
    }

    @Override
    public OperationResult voidAuthorization(String paymentId, String providerReference) {
        PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED)
                .build();
        return operation(retrieve(paymentId, providerReference, call("void", paymentId,
                () -> stripe.paymentIntents().cancel(providerReference, params, options(paymentId + ":void")))),
                "canceled");
    }

    @Override
    public RefundResult refund(String paymentId, String refundId, String providerReference, long amountMinor) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(providerReference)
                .setAmount(amountMinor)
                .putMetadata("payment_id", paymentId)
                .putMetadata("refund_id", refundId)
                .build();
        Call<Refund> call = call("refund", paymentId,
                () -> stripe.refunds().create(params, options(paymentId + ":refund:" + refundId)));
        if (call.value() != null) {
            return refundResult(call.value().getId(), call.value().getStatus());
        }
        if (!call.unknown()) {
            return new RefundResult.Failed(call.reason());
        }
        try {
            for (ProviderRefund known : refunds(paymentId, providerReference)) {
                if (refundId.equals(known.refundId())) {
                    log.info("Refund {} of payment {}: outcome unknown at the deadline, resolved by lookup", refundId,
                            paymentId);
                    return refundResult(known.providerReference(), known.status());
                }
            }
        } catch (PaymentProviderUnavailableException e) {
            log.warn("Refund {} of payment {}: lookup failed", refundId, paymentId);
        }
        return new RefundResult.Pending(call.reason());
    }

    private static RefundResult refundResult(String id, String status) {
        return switch (String.valueOf(status)) {
            case "succeeded" -> new RefundResult.Refunded(id);
            case "failed", "canceled" -> new RefundResult.Failed("refund " + status + " at the payment provider");
            default -> new RefundResult.Pending("refund " + status + " at the payment provider");
        };
    }

    @Override
    public List<ProviderRefund> refunds(String paymentId, String providerReference) {
        RefundListParams params = RefundListParams.builder().setPaymentIntent(providerReference).setLimit(100L).build();
        Call<com.stripe.model.StripeCollection<Refund>> call =
                call("list_refunds", paymentId, () -> stripe.refunds().list(params, readOptions()));
        if (call.failed()) {
            throw new PaymentProviderUnavailableException(paymentId, call.reason());
        }
        List<ProviderRefund> refunds = new ArrayList<>();
        for (Refund refund : call.value().getData()) {
            String refundId = refund.getMetadata() == null ? null : refund.getMetadata().get("refund_id");
            refunds.add(new ProviderRefund(refund.getId(), refundId, refund.getAmount(), refund.getStatus()));
        }
        return refunds;
    }

    @Override
    public Optional<String> paymentIdOf(String providerReference) {
        Call<PaymentIntent> call = call("retrieve", providerReference,
                () -> stripe.paymentIntents().retrieve(providerReference, readOptions()));
        if (call.value() != null) {
            return Optional.ofNullable(call.value().getMetadata()).map(m -> m.get("payment_id"));
        }
        if (call.error() != null && call.error().getStatusCode() != null && call.error().getStatusCode() == 404) {
            return Optional.empty();
        }
        throw new PaymentProviderUnavailableException(providerReference, call.reason());
    }

    /** The one place that knows where the SPT goes. */
    private void putToken(PaymentIntentCreateParams.Builder params, String token) {
        switch (props.tokenParameter()) {
            case TOP_LEVEL -> params.putExtraParam(TOKEN_PARAM, token);
            case PAYMENT_METHOD_DATA -> params.putExtraParam("payment_method_data", Map.of(TOKEN_PARAM, token));
        }
    }

    private JsonObject grantedToken(String token) throws StripeException {
        RawRequestOptions.RawRequestOptionsBuilder options = RawRequestOptions.builder();
        if (hasApiVersion()) {
            RequestOptions.RequestOptionsBuilder.unsafeSetStripeVersionOverride(options, props.apiVersion());
        }
        String path = "/v1/shared_payment/granted_tokens/" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return JsonParser.parseString(stripe.rawRequest(ApiResource.RequestMethod.GET, path, null, options.build()).body())
                .getAsJsonObject();
    }

    private AuthorizationResult.Declined allowanceViolation(JsonObject token, AuthorizationRequest request) {
        JsonObject limits = token.has("usage_limits") && token.get("usage_limits").isJsonObject()
                ? token.getAsJsonObject("usage_limits")
                : new JsonObject();
        if (!isNull(token, "deactivated_at")) {
            return declined("credential_revoked");
        }
        if (isNull(limits, "expires_at") || !Instant.ofEpochSecond(limits.get("expires_at").getAsLong()).isAfter(clock.instant())) {
            return declined("credential_expired");
        }
        if (isNull(limits, "currency") || !limits.get("currency").getAsString().equalsIgnoreCase(request.currency())) {
            return declined("credential_currency_mismatch");
        }
        if (isNull(limits, "max_amount") || limits.get("max_amount").getAsLong() < request.amountMinor()) {
            return declined("credential_over_allowance");
        }
        return null;
    }

    private static boolean isNull(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || value.isJsonNull();
    }

    private static Map<String, Object> threeDSecure(AuthenticationOutcome authentication) {
        Map<String, Object> secure = new LinkedHashMap<>();
        putIfPresent(secure, "cryptogram", authentication.cryptogram());
        putIfPresent(secure, "electronic_commerce_indicator", authentication.electronicCommerceIndicator());
        putIfPresent(secure, "transaction_id", authentication.transactionId());
        putIfPresent(secure, "version", authentication.version());
        putIfPresent(secure, "ares_trans_status", switch (String.valueOf(authentication.outcome())) {
            case "authenticated" -> "Y";
            case "attempt_acknowledged" -> "A";
            default -> null;
        });
        return Map.of("card", Map.of("three_d_secure", secure));
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private AuthorizationResult authorization(Call<PaymentIntent> call) {
        if (call.value() != null) {
            PaymentIntent intent = call.value();
            return switch (intent.getStatus()) {
                case "requires_capture", "succeeded", "processing" -> new AuthorizationResult.Authorized(intent.getId());
                case "requires_action" -> new AuthorizationResult.AuthenticationRequired(intent.getId());
                case "requires_payment_method" -> declined(declineCode(intent.getLastPaymentError()));
                default -> new AuthorizationResult.Failed("unexpected PaymentIntent status " + intent.getStatus());
            };
        }
        if (call.error() instanceof CardException card) {
            return declined(declineCode(card.getStripeError()));
        }
        if (call.error() != null && "shared_payment_granted_token_invalid".equals(call.error().getCode())) {
            return declined("credential_invalid");
        }
        return new AuthorizationResult.Failed(call.reason());
    }

    private static OperationResult operation(Call<PaymentIntent> call, String doneStatus) {
        if (call.value() != null) {
            return doneStatus.equals(call.value().getStatus())
                    ? new OperationResult.Succeeded()
                    : new OperationResult.Failed("PaymentIntent is " + call.value().getStatus());
        }
        StripeError error = call.error() == null ? null : call.error().getStripeError();
        if (error != null && error.getPaymentIntent() != null && doneStatus.equals(error.getPaymentIntent().getStatus())) {
            return new OperationResult.Succeeded();
        }
        return new OperationResult.Failed(call.reason());
    }

    private static String declineCode(StripeError error) {
        if (error == null) {
            return "card_declined";
        }
        if ("payment_intent_authentication_failure".equals(error.getCode())) {
            return "authentication_failed";
        }
        return error.getDeclineCode() != null ? error.getDeclineCode()
                : error.getCode() != null ? error.getCode() : "card_declined";
    }

    static AuthorizationResult.Declined declined(String code) {
        String message = DeclineReasons.messageFor(code);
        return new AuthorizationResult.Declined(code, message);
    }

    private RequestOptions options(String idempotencyKey) {
        RequestOptions.RequestOptionsBuilder options = RequestOptions.builder().setIdempotencyKey(idempotencyKey);
        if (hasApiVersion()) {
            RequestOptions.RequestOptionsBuilder.unsafeSetStripeVersionOverride(options, props.apiVersion());
        }
        return options.build();
    }

    private RequestOptions readOptions() {
        RequestOptions.RequestOptionsBuilder options = RequestOptions.builder();
        if (hasApiVersion()) {
            RequestOptions.RequestOptionsBuilder.unsafeSetStripeVersionOverride(options, props.apiVersion());
        }
        return options.build();
    }

    private boolean hasApiVersion() {
        return props.apiVersion() != null && !props.apiVersion().isBlank();
    }

    /** Runs one Stripe step, retrying what may succeed later with the same idempotency key until the deadline. */
    private <T> Call<T> call(String operation, String paymentId, StripeCall<T> action) {
        Instant deadline = clock.instant().plus(props.deadline());
        Duration backoff = props.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            Timer.Sample sample = Timer.start(meters);
            // A client span per attempt: the operation, the outcome and Stripe's request id, never a body or a key.
            Span span = tracer.spanBuilder().name("stripe " + operation).kind(Span.Kind.CLIENT)
                    .tag("acp.payment_id", paymentId).tag("stripe.attempt", String.valueOf(attempt)).start();
            try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
                T value = action.call();
                sample.stop(timer(operation, "ok"));
                span.tag("stripe.outcome", "ok").end();
                return new Call<>(value, null, false);
            } catch (RuntimeException e) {
                span.error(e).end();
                throw e;
            } catch (StripeException e) {
                boolean retryable = retryable(e);
                String outcome = e instanceof CardException ? "declined" : retryable ? "retryable" : "error";
                sample.stop(timer(operation, outcome));
                span.tag("stripe.outcome", outcome).tag("stripe.error", e.getClass().getSimpleName());
                if (e.getStatusCode() != null) {
                    span.tag("http.response.status_code", String.valueOf(e.getStatusCode()));
                }
                if (e.getRequestId() != null) {
                    span.tag("stripe.request_id", e.getRequestId());
                }
                span.end();
                log.info("Stripe {} for payment {} attempt {}: {} status={} code={} request={}", operation, paymentId,
                        attempt, e.getClass().getSimpleName(), e.getStatusCode(), e.getCode(), e.getRequestId());
                if (!retryable) {
                    return new Call<>(null, e, false);
                }
                if (!clock.instant().plus(backoff).isBefore(deadline)) {
                    log.warn("Stripe {} for payment {}: outcome unknown at the deadline", operation, paymentId);
                    return new Call<>(null, e, true);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(props.maxBackoff()) > 0 ? props.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    private static boolean retryable(StripeException e) {
        Integer status = e.getStatusCode();
        return e instanceof ApiConnectionException
                || e instanceof RateLimitException
                || (e instanceof IdempotencyException && status != null && status == 409)
                || (status != null && (status == 409 || status >= 500));
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("payment.stripe.requests")
                .description("Calls to Stripe, retries included")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(meters);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry Stripe", e);
        }
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T call() throws StripeException;
    }

    private record Call<T>(T value, StripeException error, boolean unknown) {
        boolean failed() {
            return value == null;
        }

        String reason() {
            if (error == null) {
                return "no answer from the payment provider";
            }
            String prefix = unknown ? "payment provider unavailable until the deadline: " : "payment provider error: ";
            return prefix + (error.getCode() != null ? error.getCode() : error.getClass().getSimpleName())
                    + (error.getRequestId() != null ? " (request " + error.getRequestId() + ")" : "");
        }
    }
}
