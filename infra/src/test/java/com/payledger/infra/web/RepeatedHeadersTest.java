package com.payledger.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RepeatedHeadersTest {

    @Test
    void givenNoneOneOrTwoValues_whenAsked_thenOnlyTwoAreRepeated() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        assertThat(RepeatedHeaders.sentMoreThanOnce(request, "Authorization")).isFalse();
        request.addHeader("Authorization", "Bearer a");
        assertThat(RepeatedHeaders.sentMoreThanOnce(request, "Authorization")).isFalse();
        request.addHeader("authorization", "Bearer b");
        assertThat(RepeatedHeaders.sentMoreThanOnce(request, "Authorization")).as("names are case-insensitive")
                .isTrue();
    }

    @Test
    void givenOneHeaderWithACommaInIt_whenAsked_thenItIsOneValue() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer a, Bearer b");
        assertThat(RepeatedHeaders.sentMoreThanOnce(request, "Authorization")).isFalse();
    }
}
