package dev.zoetrope.generation.model.plugin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.FlowSampler;
import org.junit.jupiter.api.Test;

/**
 * A plug-in is held to the same contract as the built-in network and nothing more: the plug-in
 * package knows {@code VelocityModel} and the data format, never the built-in network, its weights
 * or the sampler (which must not care which kind of model it drives).
 */
class PluginBoundaryTest {

  @Test
  void pluginsSeeOnlyTheModelContract() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zoetrope.generation.model");

    noClasses()
        .that()
        .resideInAPackage("dev.zoetrope.generation.model.plugin..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(Denoiser.class, DenoiserWeights.class, FlowSampler.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.zoetrope.generation.training..",
            "dev.zoetrope.generation.evaluation..",
            "dev.zoetrope.generation.world..")
        .check(classes);
    noClasses()
        .that()
        .belongToAnyOf(FlowSampler.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.zoetrope.generation.model.plugin..")
        .check(classes);
  }
}
