package com.payledger.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

/** A refusal without a code of its own takes the code the ledger's own answers to its status already use. */
class GlobalProblemsTest {

    @Test
    void givenAFrameworkFailureAnsweredWith500_whenHandled_thenItsCodeIsInternalErrorAsEveryOther500s()
            throws Exception {
        // Spring answers an answer it cannot write with 500; its code was INTERNAL_SERVER_ERROR, a second code.
        ResponseEntity<Object> answer = new GlobalProblems().handleException(
                new HttpMessageNotWritableException("no converter"),
                new ServletWebRequest(new MockHttpServletRequest("GET", "/api/v1/accounts/a")));
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "INTERNAL_ERROR");
        // Named by its request id as every other 500 is, for the operator to find it in the log.
        assertThat(((ProblemDetail) answer.getBody()).getDetail()).contains("quote request id");
    }

    @Test
    void givenTheContainersOwnRefusals_whenCoded_thenA413IsPayloadTooLargeAsTheLedgersOwn() {
        // HttpStatus.resolve(413) is Spring 7's CONTENT_TOO_LARGE; the body limit answers PAYLOAD_TOO_LARGE.
        assertThat(ErrorPageProblems.codeOf(HttpStatus.resolve(413))).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(ErrorPageProblems.codeOf(HttpStatus.INTERNAL_SERVER_ERROR)).isEqualTo("INTERNAL_ERROR");
        assertThat(ErrorPageProblems.codeOf(HttpStatus.BAD_REQUEST)).isEqualTo("MALFORMED_REQUEST");
        assertThat(ErrorPageProblems.codeOfStatus(HttpStatus.BAD_REQUEST)).isEqualTo("BAD_REQUEST");
        assertThat(ErrorPageProblems.codeOf(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE))
                .isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
    }
}
