package dev.zoetrope.generation.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForegroundMaskTest {

  @Test
  void theMaskCoversTheBallAndNothingElse() {
    ObjectSpec ball = new ObjectSpec(ObjectKind.BALL, Colour.YELLOW, Material.RUBBER, 0.15);
    Scene scene = Scenes.of(Background.GRASS, 2, Scenes.dropped(ball, 0.8, 1.0, 0));
    RenderSettings settings = RenderSettings.square(32, 8);
    WorldRenderer.Masked masked = WorldRenderer.renderMasked(scene, settings);
    WorldClip clip = masked.clip();
    float[] mask = masked.foreground();

    // Rendering with the mask changes nothing about the clip.
    assertThat(clip.video().data()).isEqualTo(World.render(scene, settings).video().data());
    assertThat(mask).hasSize(clip.video().frames() * 32 * 32);
    for (int j = 0; j < clip.video().frames(); j++) {
      EntityFrame f = clip.events().frames().get(j).get(0);
      double r = (f.maxX() - f.minX()) / 2;
      int on = 0;
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          float m = mask[(j * 32 + y) * 32 + x];
          assertThat(m).isIn(0f, 1f);
          double d = Math.hypot(x + 0.5 - f.centreX(), y + 0.5 - f.centreY());
          if (d < r - 0.75) {
            assertThat(m).as("frame %d (%d, %d) inside the ball", j, x, y).isEqualTo(1f);
          } else if (d > r + 0.75) {
            // Background, grass and the ball's shadow on it: not foreground.
            assertThat(m).as("frame %d (%d, %d) outside the ball", j, x, y).isEqualTo(0f);
          }
          on += (int) m;
        }
      }
      // About the disc's area, its anti-aliased rim included.
      assertThat((double) on).isCloseTo(Math.PI * r * r, within(2 * Math.PI * r + 2));
    }
  }
}
