package com.payledger.infra.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A body limit that no request could meet is a start-up error, not a 413 for every write. */
class RequestBodyLimitFilterTest {

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void givenALimitBelowOneByte_whenTheFilterIsMade_thenTheStartFailsNamingTheVariable(long maxBytes) {
        assertThatThrownBy(() -> new RequestBodyLimitFilter(maxBytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_MAX_REQUEST_BODY_BYTES");
    }

    @ParameterizedTest
    @ValueSource(longs = {2, 65_536})
    void givenALimitTheBodyMeets_whenAWriteArrives_thenItPasses(long maxBytes) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/accounts");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        new RequestBodyLimitFilter(maxBytes).doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).as("the request went on down the chain").isNotNull();
    }
}
