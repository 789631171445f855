package org.acpmerchant.pricing.whatif.infrastructure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.acpmerchant.events.quote.RecordedQuote;
import org.acpmerchant.platform.axon.AxonJson;
import org.acpmerchant.pricing.whatif.application.RecordedQuotes;

/**
 * checkout-api's {@code GET /ops/checkouts/priced} (JSON lines), read as it streams in. A read that breaks off
 * mid-stream surfaces from the stream as an {@link java.io.UncheckedIOException}.
 */
public class HttpRecordedQuotes implements RecordedQuotes {

    private final String checkoutBaseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectReader json = AxonJson.newObjectMapper().readerFor(RecordedQuote.class);

    /** @param checkoutBaseUrl {@code acp.ops.services.checkout}; blank: not configured */
    public HttpRecordedQuotes(String checkoutBaseUrl) {
        this.checkoutBaseUrl = checkoutBaseUrl == null || checkoutBaseUrl.isBlank() ? null
                : checkoutBaseUrl.replaceAll("/+$", "");
    }

    @Override
    public Stream<RecordedQuote> open(Instant from, Instant to, String scope, String authorization) {
        if (checkoutBaseUrl == null) {
            throw new Unavailable("acp.ops.services.checkout is not set: pricing-service does not know where"
                    + " checkout-api's recorded prices are.", null);
        }
        URI uri = URI.create(checkoutBaseUrl + "/ops/checkouts/priced?from=" + encode(from.toString()) + "&to="
                + encode(to.toString()) + "&scope=" + encode(scope));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "application/x-ndjson");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unavailable("Could not reach checkout-api: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while reading checkout-api's recorded prices.", e);
        }
        InputStream body = response.body();
        if (response.statusCode() != 200) {
            String text;
            try (body) {
                text = new String(body.readNBytes(2_000), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            throw new Unavailable(response.statusCode() == 401 || response.statusCode() == 403
                    ? "checkout-api refused pricing-service's ops credentials (" + response.statusCode()
                            + "): check acp.ops.upstream-token."
                    : "checkout-api answered " + response.statusCode() + ": " + text, null);
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        return lines.lines()
                .filter(line -> !line.isBlank())
                .map(this::read)
                .onClose(() -> {
                    try {
                        lines.close();
                    } catch (IOException e) {
                        // nothing more to read
                    }
                });
    }

    private RecordedQuote read(String line) {
        try {
            return json.readValue(line);
        } catch (JsonProcessingException e) {
            throw new Unavailable("checkout-api sent a recorded price that cannot be read: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new Unavailable("checkout-api's recorded prices broke off: " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
