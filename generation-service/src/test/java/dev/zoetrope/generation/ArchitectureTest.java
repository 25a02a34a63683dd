package dev.zoetrope.generation;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.render.RenderCancelledException;
import dev.zoetrope.generation.render.RenderRequest;
import dev.zoetrope.generation.render.RenderedClip;

@AnalyzeClasses(
    packages = "dev.zoetrope.generation",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** Job rules (ids, validation, lifecycle) stay testable without Spring, JDBC or Kafka. */
  @ArchTest
  static final ArchRule domainIsPlainJava =
      classes()
          .that()
          .resideInAPackage("..generation.videos.domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "dev.zoetrope.generation.videos.domain..");

  /**
   * The API and the worker reach the model only through the renderer contract, so the DJL
   * implementation can be swapped (or left out of an API-only process) freely.
   */
  @ArchTest
  static final ArchRule onlyTheRendererContractCrossesIntoTheModel =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.zoetrope.generation",
              "..generation.videos..",
              "..generation.peers..",
              "..generation.worker..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("..generation.model..")
                  .or(
                      resideInAPackage("..generation.render..")
                          .and(
                              not(
                                  belongToAnyOf(
                                      ClipRenderer.class,
                                      RenderRequest.class,
                                      RenderedClip.class,
                                      RenderCancelledException.class)))));

  /** The request path never renders: that is the worker's job, on its own schedule. */
  @ArchTest
  static final ArchRule apiDoesNotDependOnTheWorker =
      noClasses()
          .that()
          .resideInAPackage("..generation.videos..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..generation.worker..", "..generation.render..");

  /** Other services are reached over HTTP and Kafka contracts only. */
  @ArchTest
  static final ArchRule noOtherServiceCode =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.zoetrope.gateway..",
              "dev.zoetrope.moderation..",
              "dev.zoetrope.cameo..",
              "dev.zoetrope.media..",
              "dev.zoetrope.feed..");
}
