package io.annals.app;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
}
