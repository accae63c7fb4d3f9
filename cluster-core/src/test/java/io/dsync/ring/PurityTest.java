package io.dsync.ring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The ring and the failure detector are pure: no threads, clocks, randomness or I/O. */
class PurityTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsync.ring", "io.dsync.cluster");

  @Test
  void ringAndFailureDetector_useNoThreadsClocksRandomnessOrIo() {
    noClasses()
        .that().resideInAPackage("io.dsync.ring")
        .or().haveFullyQualifiedName("io.dsync.cluster.FailureDetector")
        .or().haveFullyQualifiedName("io.dsync.cluster.MembershipView")
        .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.io..",
            "java.nio.file..", "java.net..", "java.time..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .check(CORE);
  }
}
