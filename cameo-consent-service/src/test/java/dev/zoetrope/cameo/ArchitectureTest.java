package dev.zoetrope.cameo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Consent is the service's reason to exist, so the rule that decides it stays plain Java that can
 * be read and tested alone: no Spring, JDBC, S3 or FFmpeg in {@code consent}, and nothing there
 * reaches back into the web or storage code. No other service's code anywhere.
 */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.zoetrope.cameo");

  @Test
  void consentRulesArePlainJava() {
    noClasses()
        .that()
        .resideInAPackage("dev.zoetrope.cameo.consent..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "java.sql..",
            "javax.sql..",
            "io.minio..",
            "org.bytedeco..",
            "dev.zoetrope.common..",
            "dev.zoetrope.cameo.cameos..",
            "dev.zoetrope.cameo.recording..")
        .check(classes);
  }

  /** Characters are cameos: they reach storage and consent only through CameoService. */
  @Test
  void charactersGoThroughTheCameoService() {
    noClasses()
        .that()
        .resideInAPackage("dev.zoetrope.cameo.characters..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.zoetrope.cameo.recording..", "org.springframework.jdbc..")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("CameoRepository")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("ConsentPolicy")
        .check(classes);
  }

  @Test
  void noOtherServiceCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.zoetrope.generation..",
            "dev.zoetrope.moderation..",
            "dev.zoetrope.media..",
            "dev.zoetrope.feed..",
            "dev.zoetrope.gateway..")
        .check(classes);
  }
}
