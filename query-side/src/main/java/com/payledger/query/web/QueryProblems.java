package com.payledger.query.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** RFC 9457 problem details with a stable {@code code}, for the query endpoints. */
public final class QueryProblems {

    private QueryProblems() {
    }

    public static ErrorResponseException notFound(String code, String detail) {
        return exception(HttpStatus.NOT_FOUND, code, detail, null);
    }

    public static ErrorResponseException badParameter(String code, String parameter, String detail) {
        return exception(HttpStatus.BAD_REQUEST, code, detail, parameter);
    }

    /** The request is well formed, but what it asks for cannot be answered (422). */
    public static ErrorResponseException unprocessable(String code, String detail) {
        return exception(HttpStatus.UNPROCESSABLE_CONTENT, code, detail, null);
    }

    /**
     * 503 SERVICE_BUSY with Retry-After: the service declines the read for now; an expected answer under load, not a
     * failure worth a stack trace in the log.
     */
    public static ErrorResponseException busy(String detail) {
        ErrorResponseException busy = exception(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_BUSY", detail, null);
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return busy;
    }

    /**
     * A stored event the answer needs cannot be read (500 with its own code): the store was altered, which no
     * request can repair; the audit verification names the event.
     */
    public static ErrorResponseException eventStoreUnreadable(String detail) {
        return exception(HttpStatus.INTERNAL_SERVER_ERROR, "EVENT_STORE_UNREADABLE", detail, null);
    }

    private static ErrorResponseException exception(HttpStatus status, String code, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:payledger:problem:" + code));
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return new ErrorResponseException(status, problem, null);
    }
}
