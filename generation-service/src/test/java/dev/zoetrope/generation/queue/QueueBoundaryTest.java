package dev.zoetrope.generation.queue;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.zoetrope.generation",
    importOptions = ImportOption.DoNotIncludeTests.class)
class QueueBoundaryTest {

  /** The fairness rules stay a pure function, simulated and unit-tested without a database. */
  @ArchTest
  static final ArchRule choiceFunctionIsPlainJava =
      classes()
          .that()
          .haveSimpleNameStartingWith("FairOrder")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "dev.zoetrope.generation.queue..");

  /** Only the scheduler puts jobs on the jobs topic; the API and credits never bypass it. */
  @ArchTest
  static final ArchRule onlyTheSchedulerDispatches =
      noClasses()
          .that()
          .resideInAnyPackage("..generation.videos..", "..generation.credits..")
          .should()
          .dependOnClassesThat()
          .haveSimpleName("GenerationEvents$JobRequested");
}
