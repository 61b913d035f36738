package io.strideline.platform;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Query and path parameters of {@link WireEnum} types are read by their wire values. */
@Configuration(proxyBeanMethods = false)
class WireEnumConverters implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverterFactory(new FromWire());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class FromWire implements ConverterFactory<String, Enum> {
        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> type) {
            if (!WireEnum.class.isAssignableFrom(type)) {
                return source -> (T) Enum.valueOf(type, source);
            }
            return source -> (T) parse((Class) type, source);
        }

        private static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String source) {
            return WireEnum.parse(type, source)
                    .orElseThrow(() ->
                            new IllegalArgumentException("must be one of " + String.join(", ", WireEnum.values(type))));
        }
    }
}
