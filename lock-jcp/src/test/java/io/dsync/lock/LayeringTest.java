package io.dsync.lock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** core ← client face ← node service: the client face runs without a node or Raft. */
class LayeringTest {
  private static final JavaClasses ALL = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsync.lock");

  @Test
  void clientFace_doesNotDependOnTheNodeSide() {
    noClasses().that().resideInAPackage("io.dsync.lock")
        .should().dependOnClassesThat().resideInAnyPackage("io.dsync.lock.service..", "io.dsync.raft..",
            "io.dsync.spi..", "jakarta.ws.rs..")
        .check(ALL);
  }
}
