package io.dsync.jcache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the layering of the provider: the storage engine knows nothing of JCache. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dsync.jcache");

  @Test
  void store_dependsOnlyOnJdkAndConfig() {
    classes().that().resideInAPackage("io.dsync.jcache.store..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.dsync.jcache.store..", "io.dsync.jcache.config..")
        .check(CLASSES);
  }

  @Test
  void coreProvider_doesNotDependOnAdminOrCluster() {
    noClasses().that().resideInAnyPackage(
            "io.dsync.jcache", "io.dsync.jcache.store..", "io.dsync.jcache.config..",
            "io.dsync.jcache.event..", "io.dsync.jcache.management..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.dsync.jcache.admin..", "io.dsync.spi..", "jakarta.ws.rs..")
        .check(CLASSES);
  }
}
