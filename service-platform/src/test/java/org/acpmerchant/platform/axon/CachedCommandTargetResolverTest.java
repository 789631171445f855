package org.acpmerchant.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cached resolver answers every command shape as Axon's own does: the same identifier and version, or the same
 * exception, for records, fields, getters, inherited and interface members, meta-annotations, versions as numbers and
 * text, members that throw, and commands that name no aggregate. Each command is resolved twice (the second time
 * from the cache) and with a second instance of its class holding other values.
 */
class CachedCommandTargetResolverTest {

    private final CommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();
    private final CommandTargetResolver cached = new CachedCommandTargetResolver();

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void answersAsAxonDoes(String shape, List<Object> payloads) {
        for (int round = 0; round < 2; round++) {
            for (Object payload : payloads) {
                GenericCommandMessage<Object> command = new GenericCommandMessage<>(payload);
                assertThat(outcome(() -> cached.resolveTarget(command)))
                        .as("%s, round %d, %s", shape, round, payload)
                        .isEqualTo(outcome(() -> axon.resolveTarget(command)));
            }
        }
    }

    /** The identifier and version, or the exception's class and message (Axon's says "form" where it means "from"). */
    private static String outcome(Supplier<Object> resolve) {
        try {
            return "resolved " + resolve.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage().replace(" form ", " from ")
                    + (e.getCause() == null ? "" : " caused by " + e.getCause().getClass().getName());
        }
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("record component", List.of(new RecordCommand("a-1", 3L), new RecordCommand("a-2", null))),
                Arguments.of("record, null identifier", List.of(new RecordCommand(null, 1L))),
                Arguments.of("field", List.of(new FieldCommand("f-1", 4), new FieldCommand("f-2", 0))),
                Arguments.of("getter", List.of(new GetterCommand("g-1"), new GetterCommand("g-2"))),
                Arguments.of("getter beats field", List.of(new GetterAndField("from-field", "from-getter"))),
                Arguments.of("inherited field", List.of(new SubCommand("s-1"), new SubCommand("s-2"))),
                Arguments.of("interface default method", List.of(new ViaInterface("i-1"), new ViaInterface("i-2"))),
                Arguments.of("meta-annotation", List.of(new MetaAnnotated("m-1"), new MetaAnnotated("m-2"))),
                Arguments.of("version as text", List.of(new TextVersion("t-1", "7"), new TextVersion("t-2", null))),
                Arguments.of("version not a number", List.of(new TextVersion("t-3", "seven"))),
                Arguments.of("getter that throws", List.of(new ThrowingGetter())),
                Arguments.of("non-string identifier", List.of(new NumberIdentifier(42), new NumberIdentifier(43))),
                Arguments.of("no annotation", List.of(new NoTarget("x"))),
                Arguments.of("plain string payload", List.of("just a string")));
    }

    record RecordCommand(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {}

    static final class FieldCommand {
        @TargetAggregateIdentifier
        private final String id;

        @TargetAggregateVersion
        private final int version;

        FieldCommand(String id, int version) {
            this.id = id;
            this.version = version;
        }

        @Override
        public String toString() {
            return "FieldCommand " + id + " " + version;
        }
    }

    static final class GetterCommand {
        private final String id;

        GetterCommand(String id) {
            this.id = id;
        }

        @TargetAggregateIdentifier
        public String getId() {
            return id;
        }
    }

    static final class GetterAndField {
        @TargetAggregateIdentifier
        private final String field;

        private final String getter;

        GetterAndField(String field, String getter) {
            this.field = field;
            this.getter = getter;
        }

        @TargetAggregateIdentifier
        String target() {
            return getter;
        }
    }

    abstract static class BaseCommand {
        @TargetAggregateIdentifier
        private final String id;

        BaseCommand(String id) {
            this.id = id;
        }
    }

    static final class SubCommand extends BaseCommand {
        SubCommand(String id) {
            super(id);
        }
    }

    interface Targeted {
        String key();

        @TargetAggregateIdentifier
        default String target() {
            return "t:" + key();
        }
    }

    record ViaInterface(String key) implements Targeted {}

    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD})
    @TargetAggregateIdentifier
    @interface AggregateKey {}

    record MetaAnnotated(@AggregateKey String key) {}

    record TextVersion(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {}

    static final class ThrowingGetter {
        @TargetAggregateIdentifier
        public String id() {
            throw new IllegalStateException("no identifier yet");
        }
    }

    record NumberIdentifier(@TargetAggregateIdentifier int id) {}

    record NoTarget(String id) {}
}
