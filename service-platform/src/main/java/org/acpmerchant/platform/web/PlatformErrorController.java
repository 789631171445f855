package org.acpmerchant.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Replaces Spring Boot's default error page and JSON ({@code timestamp}, {@code status}, {@code error},
 * {@code path}): whatever reaches the servlet container's error dispatch (a framework 404 or 405, an exception no
 * handler took, a {@code sendError} from a filter) is answered in the ACP error shape, without the exception's text.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public class PlatformErrorController implements ErrorController {

    @RequestMapping
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        if (status < 400) {
            status = 404;
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        JsonErrors.write(response, status, JsonErrors.forStatus(status));
    }
}
