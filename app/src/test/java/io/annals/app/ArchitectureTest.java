package io.annals.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.Arrays;

import java.util.regex.Pattern;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module rules of ARCHITECTURE.md, checked on the production classes of every module: the kernel depends on
 * nothing of ours and on no Spring or JPA; the command side, the query side and the choreography each depend, of
 * ours, only on the kernel (never on each other, the app or db); and nothing uses XStream. In the app, the Axon
 * runtime lives in packages named for what they are (event store, processors, deadlines, dead letters), which do
 * not lean on the HTTP edge and depend on each other one way only.
 *
 * <p>Inside the modules, each capability package (STYLE.md: "a capability has one home named after it") may lean
 * only where its job needs: the aggregates stay free of Spring, JDBC and the web; the generic capabilities (locks,
 * caches, idempotency, circuits, batches, read-your-writes) know nothing of the aggregates, read models or the saga
 * they serve; the read models stand alone; and the capability packages of a module depend on each other one way only.
 * Which tables a module's code may name is checked by {@link TableOwnershipTest}: ArchUnit sees classes, not SQL.
 */
@AnalyzeClasses(packages = "io.annals",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    private static final String OURS = "io.annals..";
    private static final String KERNEL = "io.annals.kernel..";
    private static final String COMMAND = "io.annals.command..";
    private static final String QUERY = "io.annals.query..";
    private static final String CHOREOGRAPHY = "io.annals.choreography..";
    private static final String[] AXON_RUNTIME = {
            "io.annals.app.eventstore..", "io.annals.app.processor..", "io.annals.app.deadline..",
            "io.annals.app.deadletter.."};

    private static final String AXON_AGGREGATE = "org.axonframework.spring.stereotype.Aggregate";
    private static final String[] COMMAND_AGGREGATES = {
            "io.annals.command.product..", "io.annals.command.customer..", "io.annals.command.order..",
            "io.annals.command.payment..", "io.annals.command.shipment.."};
    private static final String[] QUERY_READ_MODELS = {
            "io.annals.query.product..", "io.annals.query.customer..", "io.annals.query.order.."};

    /** Shared test support (db's test-jar) is test code too, though it arrives as a jar. */
    static final class DoNotIncludeTestJars implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
            return !location.matches(TEST_JAR);
        }
    }

    private static final DescribedPredicate<JavaClass> ANNOTATIONS =
            DescribedPredicate.describe("annotations", JavaClass::isAnnotation);

    private static ArchRule ofOursOnlyDependsOnTheKernel(String module) {
        return noClasses()
                .that().resideInAPackage(module)
                .should().dependOnClassesThat(resideInAPackage(OURS).and(not(resideInAnyPackage(module, KERNEL))));
    }

    @ArchTest
    static final ArchRule theKernelDependsOnNothingElseOfOurs = noClasses()
            .that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat(resideInAPackage(OURS).and(not(resideInAPackage(KERNEL))));

    @ArchTest
    static final ArchRule theKernelUsesNoSpringNorJpa = noClasses()
            .that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "javax.persistence..", "org.hibernate..");

    @ArchTest
    static final ArchRule theKernelUsesNothingOfAxonButAnnotations = noClasses()
            .that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat(resideInAPackage("org.axonframework..").and(not(ANNOTATIONS)));

    @ArchTest
    static final ArchRule theCommandSideDependsOnNoOtherModuleThanTheKernel = ofOursOnlyDependsOnTheKernel(COMMAND);

    @ArchTest
    static final ArchRule theQuerySideDependsOnNoOtherModuleThanTheKernel = ofOursOnlyDependsOnTheKernel(QUERY);

    @ArchTest
    static final ArchRule theChoreographyDependsOnNoOtherModuleThanTheKernel =
            ofOursOnlyDependsOnTheKernel(CHOREOGRAPHY);

    @ArchTest
    static final ArchRule nothingUsesXStream = noClasses()
            .should().dependOnClassesThat().resideInAPackage("com.thoughtworks.xstream..");

    /** The gateways call out through circuits; the circuits know nothing of providers, so they stay reusable. */
    @ArchTest
    static final ArchRule circuitsDoNotDependOnTheProviders = noClasses()
            .that().resideInAPackage("io.annals.choreography.circuit..")
            .should().dependOnClassesThat().resideInAPackage("io.annals.choreography.provider..");

    @ArchTest
    static final ArchRule theAxonRuntimeDependsOnNoWebNorSecurityCode = noClasses()
            .that().resideInAnyPackage(AXON_RUNTIME)
            .should().dependOnClassesThat().resideInAnyPackage("io.annals.app.web..", "io.annals.app.security..");

    @ArchTest
    static final ArchRule theAppPackagesDependOnEachOtherOneWayOnly = slices()
            .matching("io.annals.app.(*)..")
            .should().beFreeOfCycles();

    /** The runtime once sat in one catch-all package; each part now has a package named for it. */
    @ArchTest
    static final ArchRule noCatchAllAxonPackage = noClasses()
            .should().resideInAPackage("io.annals.app.axon..");

    // --- Aggregates: the domain decides without Spring, JDBC or HTTP (STYLE.md, after ddd-by-examples) ---
    // Axon's @Aggregate (org.axonframework.spring.stereotype) is the one Spring-facing piece an aggregate carries; it
    // lives outside org.springframework, and its meta-annotations are not dependencies of the class, so the rules
    // below need no exception for it.

    /** The five aggregates are found by their annotation; an empty match fails the rules (ArchUnit's default). */
    private static final DescribedPredicate<JavaClass> AGGREGATES =
            DescribedPredicate.describe("aggregates (@Aggregate)", type -> type.isAnnotatedWith(AXON_AGGREGATE));

    @ArchTest
    static final ArchRule aggregatesUseNoSpring = noClasses()
            .that(AGGREGATES)
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("an aggregate decides from its state and the command alone; Spring only wires it");

    @ArchTest
    static final ArchRule aggregatesUseNoJdbcNorJpa = noClasses()
            .that(AGGREGATES)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "jakarta.persistence..", "org.hibernate..")
            .because("an aggregate's state is its events; a lookup it needs is a bean with its own table "
                    + "(CustomerRegistry), handed to the handler");

    @ArchTest
    static final ArchRule aggregatesKnowNothingOfHttp = noClasses()
            .that(AGGREGATES)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "io.annals.command.web..")
            .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Controller")
            .because("controllers send commands to aggregates, never the other way");

    @ArchTest
    static final ArchRule aggregatesReferToEachOtherByIdOnly = noClasses()
            .that(AGGREGATES)
            .should().dependOnClassesThat(AGGREGATES)
            .because("one aggregate is one consistency boundary; another is named by its id in a command or event");

    // --- Command side: the capabilities serve every aggregate, so they know none of them ---

    @ArchTest
    static final ArchRule genericCommandCapabilitiesKnowNoAggregate = noClasses()
            .that().resideInAnyPackage(
                    "io.annals.command.lock..", "io.annals.command.cache..", "io.annals.command.idempotency..",
                    "io.annals.command.lineage..", "io.annals.command.snapshot..", "io.annals.command.upcasting..",
                    "io.annals.command.web..")
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND_AGGREGATES)
            .because("they work for all aggregates alike, through AggregateBeans/AggregateTypes names only");

    @ArchTest
    static final ArchRule temporalReadsFoldEventsNotAggregates = noClasses()
            .that().resideInAPackage("io.annals.command.temporal..")
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND_AGGREGATES)
            .because("a state as of a version is folded from the kernel's events; running the aggregates' "
                    + "handlers would tie history reads to today's decision code");

    @ArchTest
    static final ArchRule commandSidePackagesDependOneWayOnly = slices()
            .matching("io.annals.command.(*)..")
            .should().beFreeOfCycles();

    // --- Query side: each read model stands alone; the shared reading helpers know none of them ---

    @ArchTest
    static final ArchRule readModelsDoNotDependOnEachOther = CompositeArchRule.of(
            Arrays.stream(QUERY_READ_MODELS).map(ArchitectureTest::dependsOnNoOtherReadModel).toList())
            .because("each read model is built by its own projection and can be rebuilt alone");

    private static ArchRule dependsOnNoOtherReadModel(String readModel) {
        return noClasses()
                .that().resideInAPackage(readModel)
                .should().dependOnClassesThat().resideInAnyPackage(
                        Arrays.stream(QUERY_READ_MODELS).filter(other -> !other.equals(readModel))
                                .toArray(String[]::new));
    }

    @ArchTest
    static final ArchRule sharedQueryCapabilitiesKnowNoReadModel = noClasses()
            .that().resideInAnyPackage("io.annals.query.consistency..", "io.annals.query.admin..",
                    "io.annals.query.web..", "io.annals.query.projection..")
            .should().dependOnClassesThat().resideInAnyPackage(QUERY_READ_MODELS)
            .because("read-your-writes, projection admin, paging and batched writes serve every read model alike");

    @ArchTest
    static final ArchRule querySidePackagesDependOneWayOnly = slices()
            .matching("io.annals.query.(*)..")
            .should().beFreeOfCycles();

    // --- Choreography: the saga uses the generic pieces; the generic pieces know nothing of the saga ---

    @ArchTest
    static final ArchRule genericChoreographyCapabilitiesKnowNoSagaNorProvider = noClasses()
            .that().resideInAnyPackage("io.annals.choreography.batch..", "io.annals.choreography.circuit..",
                    "io.annals.choreography.deadletter..")
            .should().dependOnClassesThat().resideInAnyPackage("io.annals.choreography.fulfilment..",
                    "io.annals.choreography.provider..", "io.annals.choreography.sandbox..")
            .because("the batcher, the circuits and the dead-letter schema are reusable by any process");

    @ArchTest
    static final ArchRule providersDoNotKnowTheSaga = noClasses()
            .that().resideInAPackage("io.annals.choreography.provider..")
            .should().dependOnClassesThat().resideInAnyPackage("io.annals.choreography.fulfilment..")
            .because("a provider gateway calls out (through a circuit); the saga's steps decide when");

    @ArchTest
    static final ArchRule onlyTheSandboxKnowsTheSandbox = noClasses()
            .that().resideOutsideOfPackage("io.annals.choreography.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.annals.choreography.sandbox..")
            .because("the sandbox providers run only where switched on; the saga and the real gateways must work "
                    + "without them");

    @ArchTest
    static final ArchRule choreographyPackagesDependOneWayOnly = slices()
            .matching("io.annals.choreography.(*)..")
            .should().beFreeOfCycles();
}
