package dev.zoetrope.moderation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The flash test is the part worth reviewing on its own, so it stays plain Java: no Spring, no
 * JDBC, no FFmpeg, nothing from the rest of the service. And no service code from elsewhere in
 * Zoetrope: only common-lib plumbing and contracts.
 */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.zoetrope.moderation");

  @Test
  void rulesArePlainJava() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.zoetrope.moderation.photosensitivity..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "java.sql..",
            "javax.sql..",
            "org.bytedeco..",
            "dev.zoetrope.common..",
            "dev.zoetrope.moderation.checks..",
            "dev.zoetrope.moderation.decisions..")
        .check(classes);
  }

  @Test
  void noOtherServiceCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.zoetrope.generation..",
            "dev.zoetrope.cameo..",
            "dev.zoetrope.media..",
            "dev.zoetrope.feed..",
            "dev.zoetrope.gateway..")
        .check(classes);
  }
}
