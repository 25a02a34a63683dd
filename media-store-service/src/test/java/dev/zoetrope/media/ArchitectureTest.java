package dev.zoetrope.media;

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
          .importPackages("dev.zoetrope.media");

  @Test
  void onlyTheStoragePackageTalksToS3() {
    // Keeps "never overwrite" provable by reading one class: nothing else can write objects.
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.zoetrope.media.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.minio..")
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
  void featuresHaveNoCycles() {
    slices().matching("dev.zoetrope.media.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void noOtherServiceIsImported() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.zoetrope.feed..",
            "dev.zoetrope.generation..",
            "dev.zoetrope.gateway..",
            "dev.zoetrope.moderation..",
            "dev.zoetrope.cameo..")
        .check(CLASSES);
  }
}
