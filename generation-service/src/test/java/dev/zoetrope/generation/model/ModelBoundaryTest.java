package dev.zoetrope.generation.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The model package is a plain library (a training program reuses it): no Spring, and no knowledge
 * of the service around it.
 */
class ModelBoundaryTest {

  @Test
  void modelPackageDependsOnNeitherSpringNorTheService() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zoetrope.generation");

    noClasses()
        .that()
        .resideInAPackage("dev.zoetrope.generation.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "dev.zoetrope.generation.render..",
            "dev.zoetrope.generation.videos..",
            "dev.zoetrope.generation.worker..",
            "dev.zoetrope.common..")
        .check(classes);
  }
}
