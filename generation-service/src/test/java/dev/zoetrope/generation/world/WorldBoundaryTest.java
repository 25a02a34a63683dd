package dev.zoetrope.generation.world;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.zoetrope.generation.world",
    importOptions = ImportOption.DoNotIncludeTests.class)
class WorldBoundaryTest {

  /** The world runs in a training CLI and in tests: plain Java, no Spring, no DJL. */
  @ArchTest
  static final ArchRule plainJava =
      classes()
          .that()
          .resideInAPackage("..generation.world..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "javax.imageio..", "dev.zoetrope.generation.world..");
}
