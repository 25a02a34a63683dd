package dev.zoetrope.generation.evaluation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The evaluation is a command-line tool over the model, the renderer's synthesis and the world: no
 * Spring, no service parts, and nothing in the service depends on it.
 */
class EvaluationBoundaryTest {
  private final com.tngtech.archunit.core.domain.JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.zoetrope.generation");

  @Test
  void evaluationUsesNeitherSpringNorTheService() {
    noClasses()
        .that()
        .resideInAPackage("dev.zoetrope.generation.evaluation..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "dev.zoetrope.generation.videos..",
            "dev.zoetrope.generation.worker..",
            "dev.zoetrope.common..")
        .check(classes);
  }

  @Test
  void nothingInTheServiceDependsOnTheEvaluation() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.zoetrope.generation.evaluation..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.zoetrope.generation.evaluation..")
        .check(classes);
  }
}
