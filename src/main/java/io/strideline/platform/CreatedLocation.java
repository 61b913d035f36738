package io.strideline.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/** Sets {@code Location} on the 201 answers of {@link Created} handlers, from the body written. */
@RestControllerAdvice
class CreatedLocation implements ResponseBodyAdvice<Object> {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_.]+)}", Pattern.CASE_INSENSITIVE);

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        Created created = returnType.getMethodAnnotation(Created.class);
        return created != null && !created.location().isEmpty();
    }

    @Override
    public @Nullable Object beforeBodyWrite(
            @Nullable Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        Created created = returnType.getMethodAnnotation(Created.class);
        if (body == null
                || created == null
                || !(response instanceof ServletServerHttpResponse servlet)
                || servlet.getServletResponse().getStatus() != HttpServletResponse.SC_CREATED) {
            return body;
        }
        response.getHeaders().setLocation(URI.create(expand(created.location(), body)));
        return body;
    }

    static String expand(String template, Object body) {
        Matcher m = VARIABLE.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            Object value = body;
            for (String accessor : m.group(1).split("\\.")) {
                value = read(value, accessor);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object read(Object target, String accessor) {
        try {
            Method method = target.getClass().getMethod(accessor);
            method.setAccessible(true);
            Object value = method.invoke(target);
            if (value == null) {
                throw new IllegalStateException(accessor + " of " + target.getClass() + " is null");
            }
            return value;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "Location template names " + accessor + ", which "
                            + target.getClass().getName() + " does not have",
                    e);
        }
    }
}
