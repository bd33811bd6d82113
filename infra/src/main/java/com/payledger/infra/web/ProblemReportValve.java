package com.payledger.infra.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report for requests it refuses before the application sees them (a path with {@code %00} or an
 * encoded slash, a query with characters such as {@code [}, a request line or headers over the size limit): as
 * problem+json with a code, instead of Tomcat's HTML page. Installed in place of the ErrorReportValve Spring Boot
 * and Tomcat would add, after Spring Boot's own customizer has run.
 */
final class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int statusCode = response.getStatus();
        if (statusCode < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(statusCode);
        HttpStatus status = resolved == null ? HttpStatus.BAD_REQUEST : resolved;
        Map<String, Object> problem = new LinkedHashMap<>();
        String code = ErrorPageProblems.codeOf(status);
        problem.put("type", "urn:payledger:problem:" + code);
        problem.put("title", status.getReasonPhrase());
        problem.put("status", statusCode);
        problem.put("detail", ErrorPageProblems.detailOf(status));
        if (request.getRequestURI() != null) {
            problem.put("instance", request.getRequestURI()); // as sent, like every other problem's
        }
        problem.put("code", code);
        try {
            BrowserHeaders.addMissing(response);
            // The request never reached RequestIdentityFilter: an id of its own, to quote like any other.
            if (!response.containsHeader(RequestIdentityFilter.REQUEST_ID_HEADER)) {
                response.setHeader(RequestIdentityFilter.REQUEST_ID_HEADER, UUID.randomUUID().toString());
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The connection is gone or the response was committed meanwhile: there is no one left to tell.
        }
    }

    /** Swaps the host's error report valve for this one; ordered after Spring Boot's customizer, which adds one. */
    @Component
    static final class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                // Tomcat adds its default valve on start unless one of exactly this class is present.
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
                pipeline.addValve(new ProblemReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
