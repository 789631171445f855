package org.acpmerchant.platform.axon;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.StringUtils;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Gives every {@code @Aggregate} of the context a {@link ConstructorAggregateFactory} (ADR 0063), so a service needs
 * no bean per aggregate and a new aggregate is covered too. Each is registered under the name Axon's
 * {@code SpringAggregateLookup} looks for, {@code <aggregate>AggregateFactory}, while bean definitions are registered:
 * Axon looks in its {@code postProcessBeanFactory}, which Spring runs after every registry post-processor. A factory a
 * service declares under that name is kept, and an aggregate with {@code @Aggregate} subtypes or supertypes is left to
 * Axon's own factory, which makes the subtype an event stream names.
 */
public final class ConstructorAggregateFactories implements BeanDefinitionRegistryPostProcessor, BeanClassLoaderAware {

    private ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        List<Class<?>> aggregates = new ArrayList<>();
        for (String name : registry.getBeanDefinitionNames()) {
            if (registry.getBeanDefinition(name) instanceof AnnotatedBeanDefinition definition
                    && definition.getMetadata().hasAnnotation(Aggregate.class.getName())) {
                aggregates.add(ClassUtils.resolveClassName(definition.getMetadata().getClassName(), classLoader));
            }
        }
        aggregates.stream()
                .filter(type -> aggregates.stream()
                        .noneMatch(other -> other != type
                                && (other.isAssignableFrom(type) || type.isAssignableFrom(other))))
                .forEach(type -> register(registry, type));
    }

    /** The name Axon's {@code SpringAggregateLookup} gives an aggregate's factory. */
    static String factoryName(Class<?> aggregateType) {
        return StringUtils.lowerCaseFirstCharacterOf(aggregateType.getSimpleName()) + "AggregateFactory";
    }

    private static <T> void register(BeanDefinitionRegistry registry, Class<T> type) {
        String name = factoryName(type);
        if (registry.containsBeanDefinition(name)) {
            return;
        }
        RootBeanDefinition definition = new RootBeanDefinition(ConstructorAggregateFactory.class);
        definition.setInstanceSupplier(() -> new ConstructorAggregateFactory<>(type));
        definition.setTargetType(ResolvableType.forClassWithGenerics(ConstructorAggregateFactory.class, type));
        definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(name, definition);
    }
}
