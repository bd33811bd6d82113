package com.payledger.infra.web;

import com.payledger.infra.failure.Causes;
import com.payledger.infra.failure.ConnectionFailures;
import java.net.URI;
import java.util.Optional;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The last line of error handling: every failure becomes RFC 9457 problem+json with a stable {@code code}. Input
 * the framework cannot even parse is a 400; an unexpected failure is a 500 that names the request id and leaks
 * neither a stack trace nor SQL.
 */
@RestControllerAdvice
class GlobalProblems extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalProblems.class);

    /**
     * Also Axon's own lock giving up: {@link LockAcquisitionFailedException} after about a minute's wait for an
     * account another command holds, and its {@code DeadlockException}. Both fell through to a 500, yet nothing was
     * recorded and a retry may well succeed.
     */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class,
            LockAcquisitionFailedException.class})
    ResponseEntity<ProblemDetail> contention(Exception exception) {
        LOG.warn("Command lost every retry against concurrent writers", exception);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "CONCURRENT_UPDATE",
                "the accounts were updated concurrently too often; nothing was recorded, retry the request");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    /** The database is saturated (no pooled connection in time) or briefly unavailable: nothing was recorded. */
    @ExceptionHandler({TransientDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> busy(Exception exception) {
        LOG.warn("Database busy or unavailable", exception);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_BUSY",
                "the ledger is too busy to take the request now; nothing was recorded, retry the request");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    /**
     * The session serving the request ended under it: the server restarted or failed over, or an operator ended it.
     * That is an outage a retry may well outlast, not the ledger's fault, yet it reached the client as a 500 from
     * wherever the driver noticed (the claim's insert, an event read, the rollback). Unlike {@link #busy}, a command
     * may have been recorded, when the connection broke during its commit: the client is told to retry, which the
     * ledger's ids make safe, or to read the result.
     */
    private static ResponseEntity<ProblemDetail> connectionLostAnswer(Exception exception) {
        LOG.warn("Database connection lost while serving a request", exception);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "DATABASE_CONNECTION_LOST",
                "the connection to the database broke while serving the request; a command may or may not have been "
                        + "recorded: read its result, or retry it (a transfer, account or schedule retried with the "
                        + "same id, or a skip-next naming its occurrence, is applied once)");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    /** Tomcat could not parse the query string (such as {@code ?=x}); it would answer 400 itself if asked. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> unparsableParameters(InvalidParameterException exception) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                "the query string or form parameters are malformed"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception exception) {
        if (ConnectionFailures.lost(exception)) {
            return connectionLostAnswer(exception);
        }
        if (ConnectionFailures.noneHad(exception)) {
            return busy(exception);
        }
        String requestId = RequestIdentity.current().map(RequestIdentity::requestId).orElse("unknown");
        LOG.error("Unexpected failure serving request {}", requestId, exception);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "unexpected failure; quote request id " + requestId + " when reporting it");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    /**
     * An answer that could not be written is the service's failure, not the client's: logged and named by its
     * request id like any other (the superclass answered a bare 500 and logged nothing).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotWritable(HttpMessageNotWritableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<ProblemDetail> answer = unexpected(exception);
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).body(answer.getBody());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException exception,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = exception.getMostSpecificCause();
        ProblemDetail problem;
        if (cause instanceof RequestBodyLimitFilter.BodyTooLarge) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem(HttpStatus.PAYLOAD_TOO_LARGE,
                    "PAYLOAD_TOO_LARGE", cause.getMessage()));
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            // The whole path, as a wrong type reports it: "bogus" alone did not say it was inside retryPolicy.
            String name = unknown.getPropertyName();
            String field = fieldOf(exception).map(path -> path.equals(name) || path.endsWith("." + name) ? path
                    : path + "." + name).orElse(name);
            problem = problem(HttpStatus.BAD_REQUEST, "UNKNOWN_FIELD", "unknown field '" + field + "'");
            problem.setProperty("field", field);
        } else if (cause instanceof MismatchedInputException mismatched && isTrailingToken(mismatched)) {
            problem = problem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON",
                    "the request body is not one JSON value: something follows it");
        } else if (cause instanceof MismatchedInputException || cause instanceof InputCoercionException) {
            problem = problem(HttpStatus.BAD_REQUEST, "INVALID_FIELD_TYPE",
                    "a field has the wrong type, or a number is fractional or out of range");
            fieldOf(exception).ifPresent(field -> problem.setProperty("field", field));
        } else if (cause instanceof JacksonException) {
            problem = problem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON",
                    "the request body is not valid JSON, or names a field twice");
        } else {
            problem = problem(HttpStatus.BAD_REQUEST, "UNREADABLE_BODY", "the request body is missing or unreadable");
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // The superclass builds the problem body when it is null, so add the code to what it returns.
        ResponseEntity<Object> response = super.handleExceptionInternal(exception, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            String code = codeOf(exception, status);
            problem.setProperty("code", code);
            problem.setType(URI.create("urn:payledger:problem:" + code));
            if (exception instanceof NoResourceFoundException) {
                // Spring says "No static resource ...": the API serves none, and the refusal for a role says this.
                problem.setDetail("no endpoint has this path");
            }
        }
        return response;
    }

    private static String codeOf(Exception exception, HttpStatusCode status) {
        if (exception instanceof NoResourceFoundException) {
            return "NOT_FOUND";
        }
        if (exception instanceof HttpRequestMethodNotSupportedException) {
            return "METHOD_NOT_ALLOWED";
        }
        if (exception instanceof HttpMediaTypeNotSupportedException) {
            return "UNSUPPORTED_MEDIA_TYPE";
        }
        if (exception instanceof HttpMediaTypeNotAcceptableException) {
            return "NOT_ACCEPTABLE";
        }
        if (exception instanceof MethodArgumentTypeMismatchException) {
            return "INVALID_PARAMETER";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP_" + status.value() : ErrorPageProblems.codeOfStatus(known);
    }

    /**
     * Jackson reports a second document after the first ({@code {...}{}}) as a mismatched input, like a wrong type;
     * only its message tells it apart.
     */
    private static boolean isTrailingToken(MismatchedInputException mismatched) {
        return mismatched.getOriginalMessage() != null && mismatched.getOriginalMessage().startsWith("Trailing token");
    }

    /**
     * The JSON path of the offending field, from the first Jackson exception in the chain that knows it: Jackson 3
     * keeps it on any of its exceptions, a number's overflow too.
     */
    private static Optional<String> fieldOf(Throwable exception) {
        return Causes.first(exception, JacksonException.class, failure -> !failure.getPath().isEmpty())
                .map(failure -> {
                    StringBuilder path = new StringBuilder();
                    failure.getPath().forEach(reference -> {
                        if (reference.getPropertyName() != null) {
                            path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
                        }
                    });
                    return path.toString();
                });
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:payledger:problem:" + code));
        problem.setProperty("code", code);
        return problem;
    }
}
