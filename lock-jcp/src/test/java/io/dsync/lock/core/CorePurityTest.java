package io.dsync.lock.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The lock core stays pure: no threads, clocks, randomness or I/O beyond byte arrays. */
class CorePurityTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.dsync.lock.core");

  @Test
  void noThreadsOrConcurrency() {
    noClasses().should().dependOnClassesThat().belongToAnyOf(Thread.class, ThreadLocal.class)
        .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
        .because("the lock table is applied by one driver thread in log order")
        .check(CORE);
  }

  @Test
  void noClocks() {
    noClasses().should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().dependOnClassesThat().resideInAnyPackage("java.time..")
        .because("time comes only from the log entry")
        .check(CORE);
  }

  @Test
  void noRandomness() {
    noClasses().should().dependOnClassesThat().belongToAnyOf(java.util.Random.class, java.security.SecureRandom.class,
            java.util.UUID.class)
        .orShould().callMethod(Math.class, "random")
        .check(CORE);
  }

  @Test
  void noIo() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels..")
        .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|Random).*")
        .orShould().dependOnClassesThat().belongToAnyOf(System.class)
        .check(CORE);
  }

  @Test
  void coreKnowsNothingOfTheClientOrTheNode() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.dsync.lock", "io.dsync.lock.service..",
            "io.dsync.raft..", "io.dsync.spi..", "io.dsync.net..")
        .check(CORE);
  }
}
