package io.strideline.platform;

import java.beans.PropertyEditorSupport;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Query and path parameters of {@link WireEnum} types are read by their wire values only. A
 * converter alone is not enough: when it refuses a value, Spring falls back to the constant's
 * Java name, so {@code interval=HOUR} would pass where the document says {@code hour}. An editor
 * per type leaves no fallback.
 */
@ControllerAdvice
class WireEnumConverters {

    private final List<Class<?>> types = wireEnums();

    @InitBinder
    void readByWireValue(WebDataBinder binder) {
        for (Class<?> type : types) {
            binder.registerCustomEditor(type, new WireValueEditor(type));
        }
    }

    private static List<Class<?>> wireEnums() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return true; // enums, nested or not, are not components
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(WireEnum.class));
        var found = new ArrayList<Class<?>>();
        for (BeanDefinition definition : scanner.findCandidateComponents("io.strideline")) {
            Class<?> type = ClassUtils.resolveClassName(
                    String.valueOf(definition.getBeanClassName()), WireEnumConverters.class.getClassLoader());
            if (type.isEnum()) {
                found.add(type);
            }
        }
        return found;
    }

    private static final class WireValueEditor extends PropertyEditorSupport {
        private final Class<?> type;

        WireValueEditor(Class<?> type) {
            this.type = type;
        }

        @Override
        public void setAsText(String text) {
            for (Object constant : type.getEnumConstants()) {
                if (((WireEnum) constant).wire().equals(text)) {
                    setValue(constant);
                    return;
                }
            }
            throw new IllegalArgumentException("must be one of " + String.join(", ", WireEnum.values(type)));
        }
    }
}
