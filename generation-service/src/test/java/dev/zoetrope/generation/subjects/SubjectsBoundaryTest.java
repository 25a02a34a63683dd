package dev.zoetrope.generation.subjects;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Subject measurement reads media and knows the world's words, nothing else: no Spring, no model,
 * no service parts, so the worker and the evaluation can both call it.
 */
class SubjectsBoundaryTest {

  @Test
  void subjectsDependOnlyOnTheWorldAndMediaDecoding() {
    classes()
        .that()
        .resideInAPackage("dev.zoetrope.generation.subjects..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "dev.zoetrope.generation.subjects..",
            "dev.zoetrope.generation.world..",
            "dev.zoetrope.common.media..",
            "org.bytedeco..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.zoetrope.generation.subjects"));
  }
}
