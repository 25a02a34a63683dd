package dev.zoetrope.feed;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.zoetrope.feed");

  @Test
  void feedRulesArePlainJava() {
    // The policy (who may follow or post what, cursors, ids) stays testable without a container.
    classes()
        .that()
        .resideInAPackage("dev.zoetrope.feed.rules..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.zoetrope.feed.rules..")
        .check(CLASSES);
  }

  @Test
  void onlyRepositoriesWriteSql() {
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Repository")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
        .check(CLASSES);
  }

  @Test
  void businessCodeNeverTalksToKafkaDirectly() {
    // Events leave through the outbox; only listeners (consumers) touch Kafka's API.
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Listener")
        .and()
        .doNotHaveSimpleName("KafkaConsumerConfig")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.kafka..", "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void featuresHaveNoCycles() {
    slices().matching("dev.zoetrope.feed.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void noOtherServiceIsImported() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.zoetrope.media..",
            "dev.zoetrope.generation..",
            "dev.zoetrope.gateway..",
            "dev.zoetrope.moderation..",
            "dev.zoetrope.cameo..")
        .check(CLASSES);
  }
}
