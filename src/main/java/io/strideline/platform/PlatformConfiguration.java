package io.strideline.platform;

import java.time.Clock;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** The one source of "now" in Java code, so that tests can reason about time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * JSON as written, not as guessed: 5 is not the string "5", 1.5 is not the integer 1, and
     * null is not 0 in a number array, and a string holds no NUL character (PostgreSQL cannot
     * store one). Such input is a 400 naming the field. Fields a request does not have are
     * collected and refused by {@link UnknownFields}.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.addHandler(new UnknownFields.Collector())
                .addModule(new SimpleModule("strideline-strings").addDeserializer(String.class, new NoNulStrings()))
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    static final class NoNulStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw context.weirdStringException(value, String.class, "NUL characters are not allowed");
            }
            return value;
        }
    }
}
