package dev.janus.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.janus.bus.EventBus;
import dev.janus.events.EventCodec;
import dev.janus.events.JanusEvent;
import dev.janus.redis.BusConnection;
import dev.janus.redis.RedisConnector;
import dev.janus.redis.ReplicaWait;
import dev.janus.redis.StreamReadConnection;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The module rules (see docs/architecture.md), checked on the compiled classes of every module the app holds. */
class ArchitectureTests {

    private final JavaClasses janus = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.janus");

    @Test
    void componentsNeverUseEachOther() {
        slices().matching("dev.janus.(input|orchestrator|memory|tools|output|proactive)..")
                .should().notDependOnEachOther()
                .check(janus);
    }

    @Test
    void theModelsLibraryUsesNoComponent() {
        noClasses().that().resideInAPackage("dev.janus.models..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.janus.input..", "dev.janus.orchestrator..",
                        "dev.janus.memory..", "dev.janus.tools..", "dev.janus.output..", "dev.janus.proactive..")
                .check(janus);
    }

    @Test
    void nothingOutsideTheBusReachesIntoItsInternals() {
        // the one exception, in the test kit: TestBuses builds the engines with their metrics and tracing
        noClasses().that().resideOutsideOfPackage("dev.janus.bus..")
                .and().doNotHaveFullyQualifiedName("dev.janus.testkit.TestBuses")
                .should().dependOnClassesThat().resideInAPackage("dev.janus.bus.internal..")
                .check(janus);
    }

    @Test
    void everyPackageIsNullMarkedInItsPackageInfo() {
        Set<String> unmarked = new TreeSet<>();
        for (JavaClass type : janus) {
            JavaPackage pkg = type.getPackage();
            if (!pkg.isAnnotatedWith(NullMarked.class)) {
                unmarked.add(pkg.getName() + (pkg.tryGetPackageInfo().isPresent() ? " (package-info.java without @NullMarked)"
                        : " (no package-info.java)"));
            }
        }
        assertThat(unmarked).as("packages without @NullMarked in their package-info.java").isEmpty();
    }

    @Test
    void theContractsDependOnNoOtherJanusModule() {
        noClasses().that().resideInAPackage("dev.janus.events..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.janus.bus..", "dev.janus.redis..",
                        "org.springframework..", "io.lettuce..")
                .check(janus);
    }

    @Test
    void onlyTheContractsCallTheEnvelopeConstructor() {
        // components build events with the typed factories (JanusEvent.create, reply, replyOnce, inFlow, ...)
        envelopesBuiltOnlyIn("dev.janus.events..").check(janus);
    }

    @Test
    void theEnvelopeRuleSeesAConstructorCall() {
        // given: the codec, which builds envelopes from JSON
        JavaClasses codec = new ClassFileImporter().importClasses(EventCodec.class);

        // when / then
        assertThatThrownBy(() -> envelopesBuiltOnlyIn("dev.janus.nowhere..").check(codec))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(EventCodec.class.getName());
    }

    /** The rule that only classes in {@code packages} call JanusEvent's canonical (ten-argument) constructor. */
    private static ArchRule envelopesBuiltOnlyIn(String packages) {
        Class<?>[] fields = Arrays.stream(JanusEvent.class.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        return noClasses().that().resideOutsideOfPackage(packages)
                .should().callConstructor(JanusEvent.class, fields)
                .because("events are built with JanusEvent's typed factories, so content always matches its type");
    }

    /** The layers of docs/architecture.md: the bus API, Janus's Redis, the engines, the components. */
    @Nested
    class Layers {

        private static final String[] ENGINES = { "dev.janus.bus.memory..", "dev.janus.bus.redis..",
                "dev.janus.bus.internal..", "dev.janus.bus.health.." };

        private static final String[] COMPONENTS = { "dev.janus.input..", "dev.janus.orchestrator..",
                "dev.janus.memory..", "dev.janus.tools..", "dev.janus.output..", "dev.janus.proactive.." };

        @Test
        void theBusApiModuleHoldsOnlyTheApiPackageAndUsesNoSpringRedisOrEngine() throws IOException {
            JavaClasses api = classesOfTheModuleOf(EventBus.class);
            assertThat(api).as("classes of janus-bus-api").isNotEmpty();
            classes().should().resideInAPackage("dev.janus.bus").check(api);
            classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.janus.bus",
                            "dev.janus.events..", "org.jspecify..", "org.slf4j..")
                    .check(api);
        }

        @Test
        void noOtherModuleAddsClassesToTheApiPackage() {
            URL api = moduleOf(EventBus.class);
            Set<String> strangers = new TreeSet<>();
            for (JavaClass type : janus) {
                if (type.getPackageName().equals("dev.janus.bus") && !api.equals(moduleOf(type.reflect()))) {
                    strangers.add(type.getName());
                }
            }
            assertThat(strangers).as("classes in dev.janus.bus outside janus-bus-api").isEmpty();
        }

        @Test
        void janusRedisUsesNeitherTheBusNorSpring() {
            // the Redis Streams engine is built on it, so it must not know the engine (nor the components)
            noClasses().that().resideInAPackage("dev.janus.redis..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.janus.bus..", "dev.janus.events..",
                            "org.springframework..")
                    .orShould().dependOnClassesThat().resideInAnyPackage(COMPONENTS)
                    .check(janus);
        }

        @Test
        void componentsUseNoEngineAndNotTheRedisConnectionBeneathSharedRedis() {
            // they code against the API (dev.janus.bus), keep state with SharedRedis, LuaScript and BucketedKey, and
            // take from janus-bus only its Spring side: autoconfigure (conditions, ordering), config, lifecycle
            noClasses().that().resideInAnyPackage(COMPONENTS).or().resideInAnyPackage("dev.janus.web..",
                            "dev.janus.models..")
                    .should().dependOnClassesThat().resideInAnyPackage(ENGINES)
                    .orShould().dependOnClassesThat(belongToAnyOf(RedisConnector.class, BusConnection.class,
                            StreamReadConnection.class, ReplicaWait.class))
                    .check(janus);
        }

        /** The classes directory or jar the class was loaded from: target/classes in a test run, the jar in verify. */
        private static URL moduleOf(Class<?> type) {
            return type.getProtectionDomain().getCodeSource().getLocation();
        }

        private static JavaClasses classesOfTheModuleOf(Class<?> type) throws IOException {
            Path module;
            try {
                module = Path.of(moduleOf(type).toURI());
            }
            catch (URISyntaxException e) {
                throw new IOException(e);
            }
            if (Files.isDirectory(module)) {
                return new ClassFileImporter().importPath(module);
            }
            try (JarFile jar = new JarFile(module.toFile())) {
                return new ClassFileImporter().importJar(jar);
            }
        }
    }
}
