package io.dsync.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The node wires the parts; the parts (ring, cluster, admin) never reach back into the node. */
class LayeringTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsync.ring", "io.dsync.cluster", "io.dsync.admin", "io.dsync.node");

  @Test
  void ringClusterAdmin_doNotDependOnNode() {
    noClasses().that().resideInAnyPackage("io.dsync.ring", "io.dsync.cluster", "io.dsync.admin")
        .should().dependOnClassesThat().resideInAPackage("io.dsync.node")
        .check(CLASSES);
  }

  @Test
  void ring_dependsOnNothingButClusterIds() {
    noClasses().that().resideInAPackage("io.dsync.ring")
        .should().dependOnClassesThat().resideInAnyPackage("io.dsync.admin", "io.dsync.net", "io.dsync.wire", "io.dsync.spi")
        .check(CLASSES);
  }
}
