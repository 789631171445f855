package org.acpmerchant.orders.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** {@link WebhookSender} over the JDK HTTP client: timeouts, no redirects, response body discarded. */
public class HttpWebhookSender implements WebhookSender {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final WebhookTargetPolicy targetPolicy;

    public HttpWebhookSender(Duration connectTimeout, Duration requestTimeout, WebhookTargetPolicy targetPolicy) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.targetPolicy = targetPolicy;
    }

    @Override
    public Outcome send(URI url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        try {
            targetPolicy.check(url);
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(requestTimeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status, millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", millisSince(start));
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), millisSince(start));
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
