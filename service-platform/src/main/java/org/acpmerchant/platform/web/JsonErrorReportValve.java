package org.acpmerchant.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error report (for requests it refuses before any servlet runs: a malformed request line, an encoded
 * slash) as the ACP error JSON instead of an HTML page naming the server.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getReporter().write(JsonErrors.forStatus(status));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response already written; nothing else to do
        }
    }
}
