package com.payledger.infra.security;

import com.payledger.query.access.Reader;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives every query controller that asks for a {@link Reader} the one the authenticated caller stands for: a client
 * reads its own owner's money, an auditor everybody's, anyone else nobody's.
 */
@Configuration(proxyBeanMethods = false)
class ReaderArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Reader.class;
    }

    @Override
    public Reader resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binders) {
        return Caller.current().map(ReaderArguments::readerOf).orElse(Reader.nobody());
    }

    static Reader readerOf(Caller caller) {
        return switch (caller.role()) {
            case CLIENT -> Reader.owner(caller.ownerId());
            case AUDITOR -> Reader.everyOwner();
            case ADMIN -> Reader.nobody();
        };
    }
}
