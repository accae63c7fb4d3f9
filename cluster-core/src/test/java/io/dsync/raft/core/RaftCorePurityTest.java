package io.dsync.raft.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Raft core is pure: no threads, clocks, own randomness, files or sockets. */
class RaftCorePurityTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsync.raft.core");

  @Test
  void raftCore_usesNoThreadsClocksOrIo_andDependsOnNothingOfTheNode() {
    noClasses()
        .that().resideInAPackage("io.dsync.raft.core")
        .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.nio..", "java.net..",
            "java.time..", "io.dsync.net..", "io.dsync.node..", "io.dsync.raft.log..", "io.netty..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callConstructor(java.util.Random.class)
        .check(CORE);
  }
}
