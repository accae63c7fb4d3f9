package io.dsync.jms.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the engine (and the selector language it uses) pure: no threads, clocks, files or sockets. */
class BrokerPurityTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsync.jms.broker", "io.dsync.jms.selector");

  @Test
  void engine_usesNoThreadsClocksOrIo() {
    noClasses().that().resideInAnyPackage("io.dsync.jms.broker..", "io.dsync.jms.selector..")
        .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.nio.file..", "java.net..", "java.nio.channels..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .check(classes);
  }

  @Test
  void engine_dependsOnNoDriverCode() {
    noClasses().that().resideInAnyPackage("io.dsync.jms.broker..", "io.dsync.jms.selector..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dsync.jms.server..", "io.dsync.jms.wal..", "io.dsync.jms.link..", "net.openhft..")
        .check(classes);
  }
}
