package dev.zoetrope.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.zoetrope.gateway",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * JDBC blocks; on the gateway's event loop it would stall every request. Keeping it inside the
   * repositories makes the places that must hop to a bounded-elastic thread easy to find.
   */
  @ArchTest
  static final ArchRule onlyRepositoriesTouchJdbc =
      noClasses()
          .that()
          .haveSimpleNameNotEndingWith("Repository")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..", "java.sql..");

  @ArchTest
  static final ArchRule repositoriesLiveInIdentity =
      classes()
          .that()
          .haveSimpleNameEndingWith("Repository")
          .should()
          .resideInAPackage("dev.zoetrope.gateway.identity..");

  /** Services are separate deployables: the gateway knows them only as URLs. */
  @ArchTest
  static final ArchRule noOtherServiceCode =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.zoetrope.generation..",
              "dev.zoetrope.moderation..",
              "dev.zoetrope.cameo..",
              "dev.zoetrope.media..",
              "dev.zoetrope.feed..");

  /** Routing and rate limiting see identity only through its authentication results. */
  @ArchTest
  static final ArchRule routingDoesNotReachIntoIdentityStorage =
      noClasses()
          .that()
          .resideInAnyPackage("dev.zoetrope.gateway.routing..", "dev.zoetrope.gateway.ratelimit..")
          .should()
          .dependOnClassesThat()
          .haveSimpleNameEndingWith("Repository");
}
