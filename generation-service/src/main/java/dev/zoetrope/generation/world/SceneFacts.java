package dev.zoetrope.generation.world;

import java.util.ArrayList;
import java.util.List;

/** The colour, shape, count and motion facts a caption states, for prompt-adherence checks. */
public record SceneFacts(Background background, List<EntityFacts> entities) {

  public SceneFacts {
    entities = List.copyOf(entities);
  }

  public long objectCount() {
    return entities.stream().filter(e -> !e.isCharacter()).count();
  }

  public long characterCount() {
    return entities.stream().filter(EntityFacts::isCharacter).count();
  }

  static SceneFacts of(Scene scene, Simulation.Result sim) {
    List<EntityFacts> out = new ArrayList<>();
    for (int i = 0; i < scene.actors().size(); i++) {
      Actor a = scene.actors().get(i);
      int index = i;
      int bounces =
          (int)
              sim.contacts().stream()
                  .filter(c -> c.entity() == index && c.onFloor() && c.rebounds())
                  .count();
      boolean wall =
          sim.contacts().stream().anyMatch(c -> c.entity() == index && c.other() == Contact.WALL);
      int jumps = sim.takeOffsS().get(i).size();
      List<Word> words = a.utterances().stream().map(Utterance::word).toList();
      switch (a.entity()) {
        case ObjectSpec o ->
            out.add(
                new EntityFacts(
                    i,
                    o.kind().noun(),
                    o.colour(),
                    o.material(),
                    null,
                    null,
                    a.motion(),
                    bounces,
                    wall,
                    0,
                    words));
        case CharacterSpec c ->
            out.add(
                new EntityFacts(
                    i,
                    "character",
                    c.colour(),
                    null,
                    c.shape(),
                    c.pattern(),
                    a.motion(),
                    0,
                    false,
                    jumps,
                    words));
      }
    }
    return new SceneFacts(scene.background(), out);
  }
}
