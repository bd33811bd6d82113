package com.payledger.query.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read answered with {@link VersionedAnswer}: the API description gives it the {@code ETag} header, the
 * {@code If-None-Match} parameter and the 304 answer, once for all of them ({@code VersionedReads} in the composition
 * root).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface VersionedRead {
}
