package org.acpmerchant.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error report (for requests it refuses before any servlet runs: a malformed request line, an encoded
 * slash) as the ACP error JSON instead of an HTML page naming the server; its 501 and 505 (an unknown method or
 * transfer coding, an HTTP version it does not speak) are answered 400, since the request is at fault.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String body = JsonErrors.forStatus(status);
            if (status == 501 || status == 505) {
                // A method, protocol version or transfer coding we do not speak is the client's mistake, not ours.
                response.setStatus(400);
                body = JsonErrors.body("invalid_request", "unsupported_request",
                        "The request uses a method, protocol version or transfer coding this server does not support.");
            }
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getReporter().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response already written; nothing else to do
        }
    }
}
