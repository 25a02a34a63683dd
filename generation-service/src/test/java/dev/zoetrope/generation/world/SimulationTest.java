package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final double G = Simulation.GRAVITY_MPS2;

  @Test
  void droppedBallHitsTheFloorAtTheFreeFallTimesAndBouncesWithItsRestitution() {
    double h = 1.0;
    double release = 0.3;
    ObjectSpec ball = Scenes.ball(Material.RUBBER, 0.15);
    Scene scene = Scenes.of(Background.WOODEN_FLOOR, 6, Scenes.dropped(ball, 1.0, h, release));
    double e = ball.restitution(Background.WOODEN_FLOOR);

    List<Contact> contacts = Simulation.run(scene, new double[0]).contacts();

    // Analytic: free fall sqrt(2h/g), then each flight lasts 2v/g with v shrinking by e.
    List<Double> expected = new ArrayList<>();
    double t = release + Math.sqrt(2 * h / G);
    double v = Math.sqrt(2 * G * h);
    expected.add(t);
    while (e * v >= Simulation.REST_SPEED_MPS) {
      v *= e;
      t += 2 * v / G;
      expected.add(t);
    }
    assertThat(contacts).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(contacts.get(i).timeS()).isCloseTo(expected.get(i), within(Simulation.STEP_S));
      // Contacts are solved inside the step, not rounded to it.
      assertThat(contacts.get(i).timeS()).isCloseTo(expected.get(i), within(1e-9));
      assertThat(contacts.get(i).onFloor()).isTrue();
    }
    assertThat(contacts.get(0).speedMps()).isCloseTo(Math.sqrt(2 * G * h), within(1e-9));
    assertThat(contacts.getLast().rebounds()).isFalse();
    assertThat(contacts.subList(0, contacts.size() - 1)).allMatch(Contact::rebounds);
  }

  @Test
  void bounceHeightsDecayByRestitutionSquared() {
    ObjectSpec ball = Scenes.ball(Material.RUBBER, 0.12);
    Scene scene = Scenes.of(Background.TILES, 5, Scenes.dropped(ball, 1.0, 1.2, 0));
    double e = ball.restitution(Background.TILES);
    double[] times = new double[10_000];
    for (int i = 0; i < times.length; i++) {
      times[i] = i * 0.0005;
    }
    Simulation.Result r = Simulation.run(scene, times);
    List<Contact> contacts = r.contacts();

    List<Double> apexes = new ArrayList<>();
    for (int k = 0; k + 1 < contacts.size(); k++) {
      double max = 0;
      for (int i = 0; i < times.length; i++) {
        if (times[i] > contacts.get(k).timeS() && times[i] < contacts.get(k + 1).timeS()) {
          max = Math.max(max, r.states()[i][0][1] - ball.sizeM());
        }
      }
      apexes.add(max);
    }
    assertThat(apexes).hasSizeGreaterThanOrEqualTo(4);
    assertThat(apexes.get(0)).isCloseTo(1.2 * e * e, within(1e-4));
    for (int k = 0; k + 1 < apexes.size(); k++) {
      assertThat(apexes.get(k + 1) / apexes.get(k)).isCloseTo(e * e, within(0.002));
    }
  }

  @Test
  void collidingObjectsExchangeMomentumAndNeverOverlap() {
    ObjectSpec a = new ObjectSpec(ObjectKind.BALL, Colour.RED, Material.RUBBER, 0.15);
    ObjectSpec b = new ObjectSpec(ObjectKind.BLOCK, Colour.BLUE, Material.METAL, 0.12);
    Scene scene =
        new Scene(
            1,
            SceneTemplate.COLLIDE,
            Background.WOODEN_FLOOR,
            Framing.WIDE,
            3,
            List.of(Scenes.rolling(a, 0.4, 1.5), Scenes.rolling(b, 1.6, -0.8)));
    double[] times = new double[3000];
    for (int i = 0; i < times.length; i++) {
      times[i] = i * 0.001;
    }
    Simulation.Result r = Simulation.run(scene, times);
    Contact hit = r.contacts().stream().filter(c -> c.other() == 1).findFirst().orElseThrow();
    assertThat(hit.entity()).isZero();
    assertThat(hit.speedMps()).isBetween(1.5, 2.3);
    assertThat(hit.material()).isEqualTo(Material.RUBBER);
    assertThat(hit.otherMaterial()).isEqualTo(Material.METAL);
    for (double[][] s : r.states()) {
      assertThat(s[1][0] - s[0][0]).isGreaterThanOrEqualTo(0.27 - 1e-9);
    }
    // The heavier metal block pushes the rubber ball back.
    double[][] end = r.states()[times.length - 1];
    assertThat(end[0][0]).isLessThan(1.0);
  }

  @Test
  void generatedScenesStayInsideTheWorldAndAboveTheFloor() {
    for (long seed = 0; seed < 300; seed++) {
      Scene scene = SceneGenerator.generate(seed, 4);
      double[] times = new double[96];
      for (int i = 0; i < times.length; i++) {
        times[i] = (i + 0.5) / 24;
      }
      Simulation.Result r = Simulation.run(scene, times);
      for (double[][] frame : r.states()) {
        for (int i = 0; i < frame.length; i++) {
          EntitySpec e = scene.actors().get(i).entity();
          assertThat(frame[i][1] - e.halfHeightM()).as("seed %d", seed).isGreaterThan(-1e-9);
          assertThat(frame[i][0])
              .as("seed %d", seed)
              .isBetween(e.halfWidthM() - 1e-9, Simulation.WORLD_WIDTH_M - e.halfWidthM() + 1e-9);
        }
      }
      assertThat(r.contacts()).isSortedAccordingTo((x, y) -> Double.compare(x.timeS(), y.timeS()));
    }
  }
}
