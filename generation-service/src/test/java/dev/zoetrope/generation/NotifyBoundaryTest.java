package dev.zoetrope.generation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.zoetrope.generation",
    importOptions = ImportOption.DoNotIncludeTests.class)
class NotifyBoundaryTest {

  /**
   * Progress streams and webhooks only observe jobs (rows and lifecycle events): they run in the
   * API process, which has no renderer and no worker.
   */
  @ArchTest
  static final ArchRule notificationsOnlyObserve =
      noClasses()
          .that()
          .resideInAnyPackage("..generation.progress..", "..generation.webhooks..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "..generation.worker..", "..generation.render..", "..generation.model..");

  /** Jobs work the same with notifications removed: nothing in videos knows about them. */
  @ArchTest
  static final ArchRule jobsDoNotKnowTheirObservers =
      noClasses()
          .that()
          .resideInAnyPackage("..generation.videos..", "..generation.worker..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..generation.progress..", "..generation.webhooks..");
}
